# R side of bench/forecast-accuracy.ts: forecasts with forecast::ets (automatic, AICc) and
# Croston variants (croston with alpha 0.1 as R's default, and SBA = croston * (1 - alpha/2))
# for the same series and horizon, written as long CSV: series_id,method,step,mean,seconds
#
# Usage: Rscript bench/r/accuracy.R <input.csv> <h> <season> <holdout> <methods> <out.csv>
#   input.csv  long series_id,t,y file (NA = missing)
#   holdout    number of final periods to drop before fitting (0 when a separate test file exists)
#   methods    comma list of: ets,croston,sba
suppressMessages(library(forecast))
a <- commandArgs(trailingOnly = TRUE)
input <- a[1]; h <- as.integer(a[2]); m <- as.integer(a[3]); holdout <- as.integer(a[4])
methods <- strsplit(a[5], ",")[[1]]; out <- a[6]
d <- read.csv(input, na.strings = "NA", colClasses = c("character", "integer", "numeric"))
ids <- unique(d$series_id)
rows <- list()
for (id in ids) {
  y <- d$y[d$series_id == id]
  if (holdout > 0) y <- y[1:(length(y) - holdout)]
  if (any(is.na(y))) y <- as.numeric(na.interp(ts(y, frequency = m)))
  yt <- ts(y, frequency = m)
  for (meth in methods) {
    t0 <- proc.time()[["elapsed"]]
    fc <- tryCatch({
      if (meth == "ets") as.numeric(forecast(ets(yt), h = h)$mean)
      else if (meth == "croston") as.numeric(croston(y, h = h, alpha = 0.1)$mean)
      else if (meth == "sba") as.numeric(croston(y, h = h, alpha = 0.1)$mean) * (1 - 0.1 / 2)
      else stop("unknown method ", meth)
    }, error = function(e) rep(NA_real_, h))
    secs <- proc.time()[["elapsed"]] - t0
    rows[[length(rows) + 1]] <- data.frame(series_id = id, method = paste0("R ", meth), step = seq_len(h), mean = fc, seconds = secs)
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE)
