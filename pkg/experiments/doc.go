// Package experiments holds the course's longer experiments, each a tested,
// seeded function that notebooks call and print: the GAN objectives on the
// 8-Gaussian ring (TrainGAN, with the WGAN-GP settings of Gulrajani et al. 2017),
// the generator-gradient saturation sweep, and multi-seed summaries (Summary,
// Compare) for every comparative claim.
//
// Everything is deterministic for a given backend, configuration and seed, and
// nothing here writes files or keeps state between calls.
package experiments
