import type { Distribution } from './distribution.ts';
import { stdNormalCdf, stdNormalLoss, stdNormalLoss2, stdNormalPdf, stdNormalQuantile, stdNormalSf } from './normal.ts';

/**
 * N(mu, sigma^2) as a `Distribution`. Loss functions: E[(X - x)^+] = sigma L(z) and
 * 1/2 E[((X - x)^+)^2] = sigma^2 L2(z) with z = (x - mu) / sigma (standard normal loss functions).
 * sigma must be > 0 (use `fromMoments` for a zero-variance point mass).
 */
export function normalDistribution(mu: number, sigma: number): Distribution {
  if (!(sigma > 0) || !Number.isFinite(mu)) throw new RangeError(`normal distribution needs a finite mean and sigma > 0 (got ${mu}, ${sigma})`);
  const z = (x: number) => (x - mu) / sigma;
  return {
    family: 'normal',
    discrete: false,
    mean: mu,
    variance: sigma * sigma,
    params: { mu, sigma },
    pdf: (x) => stdNormalPdf(z(x)) / sigma,
    cdf: (x) => stdNormalCdf(z(x)),
    sf: (x) => stdNormalSf(z(x)),
    quantile: (p) => mu + sigma * stdNormalQuantile(p),
    loss: (x) => sigma * stdNormalLoss(z(x)),
    loss2: (x) => sigma * sigma * stdNormalLoss2(z(x)),
  };
}
