/**
 * Probability distributions for inventory mathematics: normal, Poisson, negative binomial,
 * gamma (and a point mass), each with density/mass, cdf, survival, quantile and first- and
 * second-order loss functions; `fromMoments` picks a family by mean and variance.
 */
export * from './normal.ts';
export * from './distribution.ts';
export { normalDistribution } from './normal-distribution.ts';
export { poissonDistribution, poissonPmf, poissonCdf } from './poisson.ts';
export { negativeBinomialDistribution, negativeBinomialFromMoments } from './negative-binomial.ts';
export { gammaDistribution } from './gamma.ts';
export { degenerateDistribution } from './degenerate.ts';
export { fromMoments } from './from-moments.ts';
export { censoredNormalFit, type CensoredNormalFit } from './censored-normal.ts';
export { logGamma, gammaP, gammaQ, betaI, betaIComplement } from './special-functions.ts';
export { createRng, type Rng } from './random.ts';
