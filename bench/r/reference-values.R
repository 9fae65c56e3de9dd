# Reference values from R's forecast package for the stockloop forecasting unit tests.
#
# Usage (from the repository root):
#   Rscript bench/r/reference-values.R [data-dir] [out-dir]
# defaults: data-dir = ../shared/data, out-dir = test/fixtures/forecast
# Writes ets-reference.json, simple-reference.json and croston-reference.json. The tests read those
# committed files; R is never needed to run the tests.
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data"
out_dir <- if (length(args) >= 2) args[2] else "test/fixtures/forecast"

read_series <- function(file, id, freq) {
  d <- read.csv(file.path(data_dir, file), na.strings = "NA", colClasses = c("character", "integer", "numeric"))
  ts(d$y[d$series_id == id], frequency = freq)
}

series <- list(
  AirPassengers = AirPassengers,
  USAccDeaths = USAccDeaths,
  WWWusage = WWWusage,
  LakeHuron = LakeHuron,
  N1402 = read_series("m3monthly.csv", "N1402", 12),
  N1500 = read_series("m3monthly.csv", "N1500", 12),
  N2000 = read_series("m3monthly.csv", "N2000", 12)
)
models <- list(
  c("ANN", FALSE), c("AAN", FALSE), c("AAN", TRUE), c("MNN", FALSE), c("MAN", TRUE),
  c("ANA", FALSE), c("AAA", TRUE), c("MNM", FALSE), c("MAM", TRUE), c("MNA", FALSE)
)
h <- 18
state_names <- function(fit) colnames(fit$states)

ets_out <- list()
for (nm in names(series)) {
  y <- series[[nm]]
  fits <- list()
  for (md in models) {
    code <- md[1]; damped <- as.logical(md[2])
    if (substr(code, 3, 3) != "N" && frequency(y) == 1) next
    fit <- tryCatch(ets(y, model = code, damped = damped), error = function(e) NULL)
    if (is.null(fit)) next
    fc <- forecast(fit, h = h, level = c(80, 95))
    p <- fit$par
    fits[[length(fits) + 1]] <- list(
      model = fit$method, m = frequency(y),
      alpha = unname(p["alpha"]), beta = if ("beta" %in% names(p)) unname(p["beta"]) else NULL,
      gamma = if ("gamma" %in% names(p)) unname(p["gamma"]) else NULL,
      phi = if ("phi" %in% names(p)) unname(p["phi"]) else NULL,
      initstate = unname(fit$states[1, ]), stateNames = state_names(fit),
      loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic, sigma2 = fit$sigma2, mse = fit$mse,
      nParams = length(p),
      mean = as.numeric(fc$mean), lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
  }
  auto <- ets(y)
  ets_out[[nm]] <- list(y = as.numeric(y), m = frequency(y), fits = fits,
    auto = list(model = auto$method, aicc = auto$aicc, mean = as.numeric(forecast(auto, h = h)$mean)))
}
write_json(ets_out, file.path(out_dir, "ets-reference.json"), digits = NA, auto_unbox = TRUE, null = "null")

simple_out <- list()
for (nm in c("AirPassengers", "WWWusage", "N1500")) {
  y <- series[[nm]]
  one <- function(fc) list(mean = as.numeric(fc$mean), lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
  th <- thetaf(y, h = h, level = c(80, 95))
  simple_out[[nm]] <- list(y = as.numeric(y), m = frequency(y),
    naive = one(naive(y, h = h, level = c(80, 95))),
    snaive = one(snaive(y, h = h, level = c(80, 95))),
    meanf = one(meanf(y, h = h, level = c(80, 95))),
    theta = list(mean = as.numeric(th$mean)))
}
write_json(simple_out, file.path(out_dir, "simple-reference.json"), digits = NA, auto_unbox = TRUE)

car <- read.csv(file.path(data_dir, "carparts.csv"), na.strings = "NA", colClasses = c("character", "integer", "numeric"))
ids <- unique(car$series_id)
cr_out <- list()
for (id in ids[c(1, 2, 5, 10, 50, 100)]) {
  y <- car$y[car$series_id == id]
  y <- y[!is.na(y)]
  cr_out[[id]] <- list(y = y,
    croston01 = as.numeric(croston(y, h = 6, alpha = 0.1)$mean),
    croston03 = as.numeric(croston(y, h = 6, alpha = 0.3)$mean))
}
write_json(cr_out, file.path(out_dir, "croston-reference.json"), digits = NA, auto_unbox = TRUE)
cat("wrote reference values to", out_dir, "\n")

# Distribution quantiles and cdfs (stats package) for the demand-distribution tests.
grid <- list(
  list(family = "negbin", mean = 2.5, variance = 6),
  list(family = "negbin", mean = 0.3, variance = 0.9),
  list(family = "negbin", mean = 40, variance = 400),
  list(family = "negbin", mean = 5000, variance = 90000),
  list(family = "poisson", mean = 0.7, variance = 0.7),
  list(family = "poisson", mean = 12, variance = 12),
  list(family = "gamma", mean = 3, variance = 4),
  list(family = "gamma", mean = 100, variance = 2500),
  list(family = "normal", mean = 50, variance = 100)
)
ps <- c(0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999)
dist_out <- lapply(grid, function(g) {
  mu <- g$mean; v <- g$variance
  q <- switch(g$family,
    negbin = qnbinom(ps, size = mu^2 / (v - mu), mu = mu),
    poisson = qpois(ps, mu),
    gamma = qgamma(ps, shape = mu^2 / v, scale = v / mu),
    normal = qnorm(ps, mu, sqrt(v)))
  x <- switch(g$family, gamma = , normal = mu * c(0.5, 1, 1.5), floor(mu * c(0.5, 1, 1.5)))
  cdf <- switch(g$family,
    negbin = pnbinom(x, size = mu^2 / (v - mu), mu = mu),
    poisson = ppois(x, mu),
    gamma = pgamma(x, shape = mu^2 / v, scale = v / mu),
    normal = pnorm(x, mu, sqrt(v)))
  c(g, list(p = ps, quantile = q, x = x, cdf = cdf))
})
write_json(dist_out, file.path(out_dir, "distribution-reference.json"), digits = NA, auto_unbox = TRUE)
cat("wrote distribution reference values\n")
