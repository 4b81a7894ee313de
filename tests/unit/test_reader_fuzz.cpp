// Fuzz-style robustness of the two readers (issue 23): truncated, corrupted and randomly
// edited variants of shipped files must either parse cleanly, to finite numbers (and, for
// potential files, to a model that evaluates to finite values or refuses with
// qmlff::Error), or fail with a qmlff::Error that names the file (and the line or field).
// Anything else (another exception type, a NaN) fails; a crash fails the test binary.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

using namespace qmlff;

namespace {

const std::string kSrc = QMLFF_SOURCE_DIR;

// Variants of `text`: truncations, byte and digit replacements, inserted tokens, deleted
// and duplicated lines. Deterministic (fixed seed).
std::vector<std::string> variants(const std::string& text, int n_random, std::uint64_t seed) {
  std::vector<std::string> out;
  const std::size_t step = std::max<std::size_t>(1, text.size() / 40);
  for (std::size_t cut = 0; cut < text.size(); cut += step) out.push_back(text.substr(0, cut));
  std::mt19937_64 rng(seed);
  auto pos = [&](std::size_t n) { return static_cast<std::size_t>(rng() % std::max<std::size_t>(n, 1)); };
  const std::vector<std::string> tokens = {"nan", "inf", "-inf", "1e400", "-1e400", "1e-400", "", " ", "\n",
                                           "{",   "}",   "[",    "]",     "\"",     ",",      ":", "-",
                                           "e",   "9999999999", "0", "-1", "1.5", "null", "true"};
  for (int k = 0; k < n_random; ++k) {
    std::string v = text;
    switch (rng() % 6) {
      case 0: v[pos(v.size())] = static_cast<char>(32 + rng() % 95); break;  // random printable byte
      case 1: {  // a digit becomes another digit or sign: valid syntax, other values
        for (int tries = 0; tries < 50; ++tries) {
          const std::size_t p = pos(v.size());
          if (std::isdigit(static_cast<unsigned char>(v[p]))) {
            v[p] = "0123456789-"[rng() % 11];
            break;
          }
        }
        break;
      }
      case 2: v.insert(pos(v.size()), tokens[rng() % tokens.size()]); break;
      case 3: {  // replace one number-like token by a special one
        const std::size_t p = pos(v.size());
        const std::size_t b = v.find_first_of("0123456789", p);
        if (b == std::string::npos) break;
        const std::size_t e = v.find_first_not_of("0123456789.eE+-", b);
        v.replace(b, (e == std::string::npos ? v.size() : e) - b, tokens[rng() % 6]);
        break;
      }
      case 4: {  // delete a line
        const std::size_t p = v.find('\n', pos(v.size()));
        if (p == std::string::npos) break;
        const std::size_t e = v.find('\n', p + 1);
        v.erase(p, (e == std::string::npos ? v.size() : e) - p);
        break;
      }
      default: {  // duplicate a line
        const std::size_t p = v.find('\n', pos(v.size()));
        if (p == std::string::npos) break;
        const std::size_t e = v.find('\n', p + 1);
        v.insert(p, v.substr(p, (e == std::string::npos ? v.size() : e) - p));
        break;
      }
    }
    out.push_back(v);
  }
  return out;
}

bool finite(const std::vector<Vec3>& v) {
  for (const Vec3& x : v)
    for (double c : x)
      if (!std::isfinite(c)) return false;
  return true;
}

// The error names the source and then a line ("src:12: ...") or the element of the
// document ("src: field 'circuit.qubits': ...", "src: gate 4 (rz): ...", "src: model ...").
void expect_located(const std::string& msg, const std::string& source, const std::string& variant) {
  ASSERT_EQ(msg.rfind(source + ":", 0), 0u) << msg << "\n--- variant:\n" << variant.substr(0, 400);
  const std::string rest = msg.substr(source.size() + 1);
  const bool line = !rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]));
  bool element = false;
  for (const char* what : {" field '", " model '", " gate ", " observable term ", " initial state", " expected a JSON object"})
    element = element || rest.rfind(what, 0) == 0;
  EXPECT_TRUE(line || element) << "no line or element in: " << msg;
}

void fuzz_extxyz(const std::string& path, std::size_t max_bytes, int n_random) {
  std::string text = read_text_file(path);
  text = text.substr(0, max_bytes);
  int parsed = 0, refused = 0;
  for (const std::string& v : variants(text, n_random, 23)) {
    try {
      const Dataset ds = parse_extxyz(v, "fuzz.extxyz");
      ++parsed;
      for (const Frame& f : ds.frames) {
        ASSERT_TRUE(finite(f.positions) && finite(f.forces)) << "non-finite value parsed from\n" << v.substr(0, 400);
        if (f.energy) {
          ASSERT_TRUE(std::isfinite(*f.energy));
        }
        if (f.lattice) {
          for (double c : *f.lattice) {
            ASSERT_TRUE(std::isfinite(c));
          }
        }
        for (const auto& [name, a] : f.arrays) {
          for (double c : a) {
            ASSERT_TRUE(std::isfinite(c)) << name;
          }
        }
      }
    } catch (const Error& e) {
      ++refused;
      expect_located(e.what(), "fuzz.extxyz", v);
      const std::string rest = std::string(e.what()).substr(12);
      EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(rest[0]))) << "extxyz errors name the line: " << e.what();
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(refused, 0);
}

void fuzz_potential(const std::string& path, const std::vector<Vec3>& geometry, int n_random) {
  const std::string text = read_text_file(path);
  int parsed = 0, refused = 0;
  for (const std::string& v : variants(text, n_random, 29)) {
    try {
      const FragmentModel m = parse_potential(v, "fuzz.json");
      ++parsed;
      ASSERT_TRUE(std::isfinite(m.scale) && std::isfinite(m.offset) && std::isfinite(m.fragment_cutoff));
      for (double p : m.parameters) {
        ASSERT_TRUE(std::isfinite(p));
      }
      if (m.species.size() != geometry.size()) continue;
      try {
        FragmentEvaluator ev(m);
        std::vector<Vec3> f(geometry.size());
        const double e = ev.energy_forces(geometry.data(), f.data());
        // a clean file evaluates to finite numbers unless its values overflow on the way
        if (!std::isfinite(e) || !finite(f)) ADD_FAILURE() << "non-finite energy from a parsed file:\n" << v.substr(0, 600);
      } catch (const Error&) {
        // refusing to build or evaluate with an Error is fine
      }
    } catch (const Error& e) {
      ++refused;
      expect_located(e.what(), "fuzz.json", v);
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(refused, 0);
}

}  // namespace

TEST(ReaderFuzz, ExtxyzShippedFiles) {
  fuzz_extxyz(kSrc + "/tests/data/ase_h2o.extxyz", 100000, 300);
  fuzz_extxyz(kSrc + "/examples/data/lih.extxyz", 3000, 300);
  fuzz_extxyz(kSrc + "/tests/data/cli/dimer.extxyz", 100000, 200);
}

TEST(ReaderFuzz, HugeIntegersAreRefusedNotWrapped) {
  std::string text = read_text_file(kSrc + "/tests/data/cli/lih_d0.json");
  const std::string key = "\"version\": ";
  const std::size_t p = text.find(key);
  ASSERT_NE(p, std::string::npos);
  text.replace(p + key.size(), 1, "4294967299");  // wraps to 3 as an int
  try {
    parse_potential(text, "big.json");
    ADD_FAILURE() << "version 4294967299 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("big.json: field 'version': integer 4294967299 out of range"), std::string::npos)
        << e.what();
  }
}

TEST(ReaderFuzz, PotentialShippedFiles) {
  const Frame h2o = read_extxyz(kSrc + "/tests/data/ase_h2o.extxyz").frames.at(0);
  const Frame lih = read_extxyz(kSrc + "/tests/data/cli/lih.extxyz").frames.at(0);
  fuzz_potential(kSrc + "/potentials/h2o.json", h2o.positions, 300);
  fuzz_potential(kSrc + "/potentials/lih.json", lih.positions, 300);
  fuzz_potential(kSrc + "/potentials/graph_lih.json", lih.positions, 300);
  fuzz_potential(kSrc + "/tests/data/cli/lih_d0.json", lih.positions, 300);
}
