#include "train/loss.h"

#include <exception>
#include <thread>

#include "core/error.h"

namespace qmlff::train {

LossEvaluator::LossEvaluator(const Factory& make, int n_params, int n_threads, bool energy_per_atom)
    : n_params_(n_params), energy_per_atom_(energy_per_atom) {
  QMLFF_REQUIRE(n_threads >= 1 && n_threads <= 256, "threads must be in [1, 256]");
  for (int t = 0; t < n_threads; ++t) evals_.push_back(make());
}

LossEvaluator::LossEvaluator(const FragmentModel& model, int n_threads)
    : LossEvaluator([&model] { return make_frame_model(model); }, model.n_params(), n_threads, false) {}

LossEvaluator::LossEvaluator(const AtomicModel& model, int n_threads)
    : LossEvaluator([&model] { return make_frame_model(model); }, model.n_params(), n_threads, true) {}

// body(chunk, begin, end) for fixed contiguous chunks [c n / T, (c+1) n / T); chunk 0 runs on
// the calling thread. Exceptions are rethrown after all chunks finished (first chunk first).
template <class F>
void LossEvaluator::parallel_chunks(std::size_t n, F&& body) {
  const std::size_t T = evals_.size();
  std::vector<std::exception_ptr> errors(T);
  auto run = [&](std::size_t c) {
    try {
      body(c, c * n / T, (c + 1) * n / T);
    } catch (...) {
      errors[c] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t c = 1; c < T; ++c)
    if ((c + 1) * n / T > c * n / T) threads.emplace_back(run, c);
  run(0);
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

LossValue LossEvaluator::evaluate(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
                                  const std::vector<int>& idx, double force_weight, bool want_grad) {
  const std::size_t T = evals_.size();
  const int np = n_params_;
  QMLFF_REQUIRE(static_cast<int>(theta.size()) == np, "loss: theta has the wrong size");
  const bool with_f = force_weight > 0.0;
  struct Partial {
    double sse_e = 0, sse_f = 0, n_components = 0;
    std::vector<double> ge, gf;  // sum (E-Eref) dE/dtheta ; sum d(F.r)/dtheta
  };
  std::vector<Partial> part(T);
  parallel_chunks(idx.size(), [&](std::size_t c, std::size_t b, std::size_t e) {
    FrameModel& ev = *evals_[c];
    Partial& p = part[c];
    if (want_grad) {
      p.ge.assign(np, 0.0);
      if (with_f) p.gf.assign(np, 0.0);
    }
    std::vector<double> de(np), dfw(np);
    std::vector<Vec3> f, r;
    for (std::size_t i = b; i < e; ++i) {
      const TrainFrame& fr = frames[idx[i]];
      const int na = fr.n_atoms();
      // Energies per atom (atom-centred models) or per structure: d = (E - E_ref) / n.
      const double inv_n = energy_per_atom_ ? 1.0 / na : 1.0;
      if (!with_f) {
        const double E = ev.train_terms(theta.data(), fr, nullptr, want_grad ? de.data() : nullptr, nullptr, nullptr);
        const double d = (E - fr.energy) * inv_n;
        p.sse_e += d * d;
        if (want_grad)
          for (int k = 0; k < np; ++k) p.ge[k] += d * inv_n * de[k];
        continue;
      }
      QMLFF_REQUIRE(static_cast<int>(fr.forces.size()) == na, "loss: a frame has no force labels");
      f.resize(na);
      r.resize(na);
      p.n_components += 3.0 * na;
      // Forces first (they define the direction r), then the mixed derivative along r.
      double E = ev.train_terms(theta.data(), fr, f.data(), nullptr, nullptr, nullptr);
      for (int a = 0; a < na; ++a)
        for (int x = 0; x < 3; ++x) {
          const double d = f[a][x] - fr.forces[a][x];
          p.sse_f += d * d;
          r[a][x] = 2.0 * d;
        }
      if (want_grad) E = ev.train_terms(theta.data(), fr, f.data(), de.data(), r.data(), dfw.data());
      const double d = (E - fr.energy) * inv_n;
      p.sse_e += d * d;
      if (want_grad)
        for (int k = 0; k < np; ++k) {
          p.ge[k] += d * inv_n * de[k];
          p.gf[k] += dfw[k];
        }
    }
  });
  LossValue out;
  const double n = static_cast<double>(idx.size());
  double sse_e = 0, sse_f = 0, nf = 0;
  if (want_grad) out.grad.assign(np, 0.0);
  std::vector<double> ge(want_grad ? np : 0, 0.0), gf(want_grad && with_f ? np : 0, 0.0);
  for (std::size_t c = 0; c < T; ++c) {
    sse_e += part[c].sse_e;
    sse_f += part[c].sse_f;
    nf += part[c].n_components;
    for (std::size_t k = 0; k < part[c].ge.size(); ++k) ge[k] += part[c].ge[k];
    for (std::size_t k = 0; k < part[c].gf.size(); ++k) gf[k] += part[c].gf[k];
  }
  if (idx.empty()) return out;
  out.mse_e = sse_e / n;
  out.mse_f = with_f ? sse_f / nf : 0.0;
  out.loss = out.mse_e + (with_f ? force_weight * out.mse_f : 0.0);
  if (want_grad)
    for (int k = 0; k < np; ++k) out.grad[k] = 2.0 / n * ge[k] + (with_f ? force_weight / nf * gf[k] : 0.0);
  return out;
}

void LossEvaluator::predict(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
                            const std::vector<int>& idx, std::vector<double>& energies,
                            std::vector<std::vector<Vec3>>& forces) {
  energies.assign(idx.size(), 0.0);
  forces.assign(idx.size(), {});
  for (std::size_t i = 0; i < idx.size(); ++i) forces[i].resize(frames[idx[i]].n_atoms());
  parallel_chunks(idx.size(), [&](std::size_t c, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i)
      energies[i] = evals_[c]->train_terms(theta.data(), frames[idx[i]], forces[i].data(), nullptr, nullptr, nullptr);
  });
}

}  // namespace qmlff::train
