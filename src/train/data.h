#pragma once
// Datasets for training: loading (species matched to the model), splits, k-fold folds,
// label noise, MinMax scaling onto the observable's spectrum, and initialisation.
#include <string>
#include <vector>

#include "io/dataset.h"
#include "models/fragment_model.h"
#include "train/config.h"
#include "train/loss.h"
#include "train/rng.h"

namespace qmlff::train {

struct LoadedData {
  std::string path;
  std::string checksum;
  std::vector<TrainFrame> frames;
  std::vector<int> lines;  // 1-based line of each frame in the file
};

// The labelled frames of a training file (the first data.max_frames when set); errors name
// file:line. Shared by the loaders of every model kind.
Dataset read_training_file(const std::string& path, const DataConfig& c, bool require_forces);

// Reads an extended XYZ file and reorders atoms to the model's species order.
// Errors carry file:line (from the reader, or for a composition mismatch).
LoadedData load_training_data(const std::string& path, const FragmentModel& model, const DataConfig& c,
                              bool require_forces);

struct Split {
  std::vector<int> train, val, test;  // indices, ascending
};

// Random split of n frames by the fractions of c (test first, then val, rest train).
Split split_by_fractions(int n, double val_fraction, double test_fraction, std::uint64_t seed);
// k folds of a random permutation of n frames (sizes differ by at most one); fold f of
// the result has test = fold f, train = the rest, val empty.
std::vector<Split> kfold_splits(int n, int k, std::uint64_t seed);

// Adds N(0, sigma) noise to energies and force components of frames[idx].
void add_label_noise(std::vector<TrainFrame>& frames, const std::vector<int>& idx, double e_sigma,
                     double f_sigma, std::uint64_t seed);

// Smallest and largest eigenvalue of the circuit's observable (dense diagonalisation).
std::pair<double, double> observable_range(const Circuit& c);
// The range MinMax scaling maps the training energies onto: the observable's spectrum
// for circuit models; [-1, 1] for network models, whose raw output is unbounded (the
// scaling then just normalises the targets, as for any neural network).
std::pair<double, double> output_range(const FragmentModel& model);

// MinMax scaling: sets model.scale and model.offset so that the energies of frames[idx]
// span [omin + m, omax - m] of the observable's range (m = margin * (omax - omin)).
// Energies are taken net of the model's fixed baseline (repulsion, coulomb, bonds). Returns {emin, emax}.
std::pair<double, double> set_minmax_scaling(FragmentModel& model, const std::vector<TrainFrame>& frames,
                                             const std::vector<int>& idx, double margin, double omin,
                                             double omax);

// Network models: standardise the descriptors over the atoms of frames[idx] (positions
// only); no-op for circuit models. Like MinMax scaling, fixed before training.
void standardise_network_inputs(FragmentModel& model, const std::vector<TrainFrame>& frames, const std::vector<int>& idx);

// Parameter initialisation: "alpha*" parameters (encoding scales) get c.alpha; others
// N(0, sigma) (near_identity, Grant et al. 2019), U(low, high) (random_uniform) or keep
// the builder's values (builder); lecun (network models only): weights N(0, 1/fan_in),
// biases 0, the usual start for tanh networks (LeCun et al. 1998).
void init_parameters(FragmentModel& model, const InitConfig& c, std::uint64_t seed);
// One circuit parameter's start as init_parameters draws it (not for init.type builder):
// encoding scales ("alpha*") c.alpha, others from rng by c.type. Shared by every circuit kind.
double initial_circuit_parameter(const std::string& label, const InitConfig& c, Rng& rng);

}  // namespace qmlff::train
