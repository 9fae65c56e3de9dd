# R side of bench/forecast-speed.ts: times forecast::ets() (automatic selection, default
# settings) plus forecast() on each series of a long CSV series_id,t,y with the given season.
# Usage: Rscript bench/r/ets-speed.R <input.csv> <season> <horizon>
# Prints one line: series=<n> seconds=<total elapsed>
suppressMessages(library(forecast))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], colClasses = c("character", "integer", "numeric"))
m <- as.integer(a[2]); h <- as.integer(a[3])
ids <- unique(d$series_id)
t0 <- proc.time()[["elapsed"]]
for (id in ids) {
  y <- ts(d$y[d$series_id == id], frequency = m)
  fc <- forecast(ets(y), h = h)
}
cat(sprintf("series=%d seconds=%.3f\n", length(ids), proc.time()[["elapsed"]] - t0))
