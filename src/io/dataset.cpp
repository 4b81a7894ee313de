// Extended XYZ as written by ASE (ase.io.extxyz). Conventions: docs/datasets.md.
#include "io/dataset.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <system_error>

#include <openssl/evp.h>

#include "core/error.h"
#include "io/atomic_write.h"

namespace qmlff {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::vector<std::string> split_ws(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !is_space(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Exact decimal -> double (locale independent); accepts a leading '+'.
bool parse_double(const std::string& s, double& out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  if (b == e) return false;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}

// Classifies a real-number token. nan/inf and values beyond the range of a double (1e400)
// are refused at read time (Source::real): accepted, they would only surface later as NaN
// metrics or a "diverging" training.
enum class RealStatus { Ok, NotANumber, OutOfRange, NonFinite };
RealStatus parse_real(const std::string& s, double& out) {
  if (parse_double(s, out)) return std::isfinite(out) ? RealStatus::Ok : RealStatus::NonFinite;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  double dummy = 0.0;
  auto [p, ec] = std::from_chars(b, e, dummy);
  if (ec == std::errc::result_out_of_range && p == e) return RealStatus::OutOfRange;
  return RealStatus::NotANumber;
}

bool parse_long(const std::string& s, long long& out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  if (b == e) return false;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}

bool parse_logical(const std::string& s, bool& out) {
  const std::string l = lower(s);
  if (l == "t" || l == "true") return out = true, true;
  if (l == "f" || l == "false") return out = false, true;
  return false;
}

struct Column {
  std::string name;
  char type;  // S, R, I, L
  int count;
  int first;  // first token index on an atom line
};

// Parser state for one source: messages "file:line: ...".
struct Source {
  std::string name;
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(name + ":" + std::to_string(line) + ": " + what);
  }
  // A finite real number of `field` ("column forces"), or "FILE:LINE: non-finite value in
  // column forces: 'nan' (<label>)"; `label` names the token as in "<label>: expected a number".
  double real(int line, const std::string& token, const std::string& field, const std::string& label) const {
    double v = 0.0;
    switch (parse_real(token, v)) {
      case RealStatus::Ok: return v;
      case RealStatus::NonFinite:
        fail(line, "non-finite value in " + field + ": '" + token + "' (" + label +
                       "); energies, forces, positions and cells must be finite numbers");
      case RealStatus::OutOfRange:
        fail(line, "value out of range in " + field + ": '" + token + "' (" + label +
                       ") is beyond the range of a double (magnitudes 2.2e-308 to 1.8e308); fix the number");
      case RealStatus::NotANumber: break;
    }
    fail(line, label + ": expected a number, got '" + token + "'");
  }
};

// key=value pairs of an extended XYZ comment line, in order; values unquoted.
// Values may be bare words, "double quoted" (with \" and \\ escapes), 'single quoted' or
// {braced}; a key without '=' is a flag and gets the value "T" (as in ASE).
std::vector<std::pair<std::string, std::string>> parse_comment(const std::string& s, const Source& src, int line) {
  std::vector<std::pair<std::string, std::string>> kv;
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto skip = [&] {
    while (i < n && is_space(s[i])) ++i;
  };
  auto read_value = [&](const std::string& key) {
    std::string v;
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
      const char q = s[i++];
      bool closed = false;
      while (i < n) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == q || s[i + 1] == '\\')) {
          v += s[i + 1];
          i += 2;
        } else if (s[i] == q) {
          ++i;
          closed = true;
          break;
        } else {
          v += s[i++];
        }
      }
      if (!closed)
        src.fail(line, "comment line: value of key '" + key + "' opens a quote " + std::string(1, q) +
                           " that is never closed (expected key=\"value\")");
    } else if (i < n && s[i] == '{') {
      ++i;
      const std::size_t start = i;
      while (i < n && s[i] != '}') ++i;
      if (i >= n)
        src.fail(line, "comment line: value of key '" + key + "' opens '{' that is never closed");
      v = s.substr(start, i - start);
      ++i;
    } else {
      while (i < n && !is_space(s[i])) v += s[i++];
    }
    return v;
  };
  while (true) {
    skip();
    if (i >= n) break;
    const std::size_t start = i;
    while (i < n && !is_space(s[i]) && s[i] != '=') ++i;
    std::string key = s.substr(start, i - start);
    if (key.empty()) src.fail(line, "comment line: expected key=value, found '=' without a key");
    if (key.front() == '"' || key.front() == '\'')
      src.fail(line, "comment line: expected key=value, found a quoted word " + key + " without a key");
    const std::size_t after_key = i;
    skip();
    if (i < n && s[i] == '=') {
      ++i;
      skip();
      if (i >= n) src.fail(line, "comment line: key '" + key + "' has '=' but no value");
      kv.emplace_back(key, read_value(key));
    } else {
      i = after_key;
      kv.emplace_back(key, "T");  // bare flag
    }
  }
  return kv;
}

std::vector<Column> parse_properties(const std::string& value, const Source& src, int line) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t c = value.find(':', start);
    parts.push_back(value.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  const std::string expected =
      "expected Properties=name:type:count:... triplets with type S, R, I or L "
      "(e.g. Properties=species:S:1:pos:R:3:forces:R:3), got '" + value + "'";
  if (parts.size() % 3 != 0 || parts.empty()) src.fail(line, expected);
  std::vector<Column> cols;
  std::set<std::string> names;
  int first = 0;
  for (std::size_t k = 0; k < parts.size(); k += 3) {
    Column c;
    c.name = parts[k];
    if (c.name.empty()) src.fail(line, expected);
    if (parts[k + 1].size() != 1 || std::string("SRIL").find(parts[k + 1][0]) == std::string::npos)
      src.fail(line, "Properties: column '" + c.name + "' has type '" + parts[k + 1] +
                         "'; expected S (string), R (real), I (integer) or L (logical)");
    c.type = parts[k + 1][0];
    long long cnt = 0;
    if (!parse_long(parts[k + 2], cnt) || cnt < 1 || cnt > 1000000)
      src.fail(line, "Properties: column '" + c.name + "' has count '" + parts[k + 2] +
                         "'; expected a positive integer");
    c.count = static_cast<int>(cnt);
    if (!names.insert(c.name).second) src.fail(line, "Properties: column '" + c.name + "' appears twice");
    c.first = first;
    first += c.count;
    cols.push_back(c);
  }
  return cols;
}

const Column* find_column(const std::vector<Column>& cols, const std::string& name) {
  for (const auto& c : cols)
    if (c.name == name) return &c;
  return nullptr;
}

// Lines of the text, without their terminators ("\n" or "\r\n").
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t e = text.find('\n', start);
    if (e == std::string::npos) e = text.size();
    std::size_t len = e - start;
    if (len > 0 && text[start + len - 1] == '\r') --len;
    lines.push_back(text.substr(start, len));
    start = e + 1;
  }
  return lines;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}

// Shortest decimal that reads back to the same double.
std::string fmt_double(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  }
  return std::string(buf, p);
}

bool needs_quotes(const std::string& v) {
  if (v.empty()) return true;
  for (char c : v)
    if (is_space(c) || c == '"' || c == '\'' || c == '=' || c == '{' || c == '}' || c == '\\') return true;
  return false;
}

std::string quote(const std::string& v) {
  if (!needs_quotes(v)) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void pad_to(std::string& line, const std::string& field, std::size_t width) {
  line += ' ';
  if (field.size() < width) line.append(width - field.size(), ' ');
  line += field;
}

}  // namespace

std::string sha256_checksum(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw Error("sha256_checksum: OpenSSL EVP_Digest failed");
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

Dataset parse_extxyz(const std::string& text, const std::string& source_name, const ExtxyzOptions& opt) {
  const Source src{source_name};
  Dataset ds;
  ds.path = source_name;
  ds.checksum = sha256_checksum(text);
  const std::vector<std::string> lines = split_lines(text);
  std::size_t li = 0;  // 0-based index of the next line
  while (true) {
    while (li < lines.size() && blank(lines[li])) ++li;  // blank lines between frames / at the end
    if (li >= lines.size()) break;
    const int count_line = static_cast<int>(li) + 1;
    const std::vector<std::string> ct = split_ws(lines[li]);
    long long n_atoms = -1;
    if (ct.size() != 1 || !parse_long(ct[0], n_atoms) || n_atoms < 0)
      src.fail(count_line, "expected the number of atoms of frame " + std::to_string(ds.frames.size() + 1) +
                               " (a non-negative integer alone on the line), got '" + lines[li] + "'");
    Frame f;
    f.line = count_line;
    const std::string frame_desc = "frame " + std::to_string(ds.frames.size() + 1) + " (" +
                                   std::to_string(n_atoms) + " atoms, declared at line " +
                                   std::to_string(count_line) + ")";
    if (li + 1 >= lines.size())
      src.fail(count_line + 1, "file ends after the atom count of " + frame_desc +
                                   "; expected a comment line with Properties=... and " + std::to_string(n_atoms) +
                                   " atom lines");
    const int comment_line = count_line + 1;
    const auto kv = parse_comment(lines[li + 1], src, comment_line);
    std::string properties;
    bool have_properties = false;
    for (const auto& [k, v] : kv) {
      f.info[k] = v;
      const std::string lk = lower(k);
      if (lk == "properties") {
        properties = v;
        have_properties = true;
      } else if (lk == "lattice") {
        const auto t = split_ws(v);
        std::array<double, 9> lat{};
        if (t.size() != 9)
          src.fail(comment_line, "Lattice: expected 9 numbers (three cell vectors, Å) in quotes, got '" + v + "'");
        for (std::size_t a = 0; a < 9; ++a)
          lat[a] = src.real(comment_line, t[a], "Lattice", "Lattice value " + std::to_string(a + 1));
        f.lattice = lat;
      } else if (lk == "pbc") {
        const auto t = split_ws(v);
        bool ok = t.size() == 3;
        for (std::size_t a = 0; ok && a < 3; ++a) {
          bool b = false;
          ok = parse_logical(t[a], b);
          f.pbc[a] = b;
        }
        if (!ok) src.fail(comment_line, "pbc: expected three logicals such as pbc=\"T T F\", got '" + v + "'");
      }
    }
    if (!have_properties)
      src.fail(comment_line, "comment line of " + frame_desc +
                                 " has no Properties=...; expected e.g. Properties=species:S:1:pos:R:3:forces:R:3");
    const std::vector<Column> cols = parse_properties(properties, src, comment_line);
    const Column* species_col = find_column(cols, "species");
    if (!species_col || species_col->type != 'S' || species_col->count != 1)
      src.fail(comment_line, "Properties: expected a species:S:1 column (chemical symbols), got '" + properties + "'");
    const Column* pos_col = find_column(cols, "pos");
    if (!pos_col || pos_col->type != 'R' || pos_col->count != 3)
      src.fail(comment_line, "Properties: expected a pos:R:3 column (positions in Å), got '" + properties + "'");
    const Column* force_col = find_column(cols, opt.forces_key);
    if (force_col && (force_col->type != 'R' || force_col->count != 3))
      src.fail(comment_line, "Properties: force column '" + opt.forces_key + "' must be " + opt.forces_key +
                                 ":R:3, got '" + properties + "'");
    if (!force_col && opt.require_forces)
      src.fail(comment_line, "Properties: missing the force column '" + opt.forces_key + ":R:3' (got '" +
                                 properties + "'); choose the column with --forces-key");
    if (auto it = f.info.find(opt.energy_key); it != f.info.end()) {
      f.energy = src.real(comment_line, it->second, "energy key '" + opt.energy_key + "'",
                          "energy key '" + opt.energy_key + "'");
    } else if (opt.require_energy) {
      src.fail(comment_line, "missing the energy label '" + opt.energy_key +
                                 "=...' in the comment line of " + frame_desc + "; choose the key with --energy-key");
    }
    const int n_tokens = cols.back().first + cols.back().count;
    const std::size_t n = static_cast<std::size_t>(n_atoms);
    const std::size_t available = lines.size() - (li + 2);
    if (available < n)
      src.fail(static_cast<int>(lines.size()) + 1,
               "file ends after " + std::to_string(available) + " atom line(s) of " + frame_desc + "; expected " +
                   std::to_string(n) + " atom lines");
    f.species.resize(n);
    f.positions.resize(n);
    if (force_col) f.forces.resize(n);
    for (const auto& c : cols)
      if (&c != species_col && &c != pos_col && &c != force_col && c.type != 'S')
        f.arrays[c.name].assign(n * static_cast<std::size_t>(c.count), 0.0);
    for (std::size_t a = 0; a < n; ++a) {
      const int line = static_cast<int>(li + 2 + a) + 1;
      const auto tok = split_ws(lines[li + 2 + a]);
      if (static_cast<int>(tok.size()) != n_tokens)
        src.fail(line, "atom " + std::to_string(a + 1) + " of " + frame_desc + ": expected " +
                           std::to_string(n_tokens) + " columns (" + properties + "), got " +
                           std::to_string(tok.size()));
      for (const auto& c : cols) {
        for (int k = 0; k < c.count; ++k) {
          const std::string& t = tok[static_cast<std::size_t>(c.first + k)];
          const std::string what = "column " + std::to_string(c.first + k + 1) + " ('" + c.name + "'";
          if (c.type == 'S') {
            if (&c == species_col) f.species[a] = t;
            continue;
          }
          double v = 0.0;
          if (c.type == 'R') {
            v = src.real(line, t, "column " + c.name, what + ", real)");
          } else if (c.type == 'I') {
            long long iv = 0;
            if (!parse_long(t, iv)) src.fail(line, what + ", integer): expected an integer, got '" + t + "'");
            v = static_cast<double>(iv);
          } else {
            bool b = false;
            if (!parse_logical(t, b)) src.fail(line, what + ", logical): expected T or F, got '" + t + "'");
            v = b ? 1.0 : 0.0;
          }
          if (&c == pos_col) f.positions[a][static_cast<std::size_t>(k)] = v;
          else if (&c == force_col) f.forces[a][static_cast<std::size_t>(k)] = v;
          else f.arrays[c.name][a * static_cast<std::size_t>(c.count) + static_cast<std::size_t>(k)] = v;
        }
      }
    }
    ds.frames.push_back(std::move(f));
    li += 2 + n;
  }
  return ds;
}

Dataset read_extxyz(const std::string& path, const ExtxyzOptions& opt) {
  return parse_extxyz(read_text_file(path), path, opt);
}

std::string format_extxyz(const std::vector<Frame>& frames, const ExtxyzOptions& opt) {
  std::string out;
  for (std::size_t fi = 0; fi < frames.size(); ++fi) {
    const Frame& f = frames[fi];
    const std::size_t n = f.species.size();
    const std::string where = "write_extxyz: frame " + std::to_string(fi + 1) + ": ";
    if (f.positions.size() != n)
      throw Error(where + std::to_string(n) + " species but " + std::to_string(f.positions.size()) + " positions");
    if (!f.forces.empty() && f.forces.size() != n)
      throw Error(where + std::to_string(n) + " atoms but " + std::to_string(f.forces.size()) + " forces");
    for (const auto& s : f.species)
      if (s.empty() || needs_quotes(s)) throw Error(where + "species '" + s + "' is empty or contains blanks");
    // Columns: species, pos, extra arrays (by name), forces.
    std::vector<std::pair<std::string, std::size_t>> extra;  // name, count
    for (const auto& [name, v] : f.arrays) {
      if (!f.forces.empty() && name == opt.forces_key) continue;
      if (name == "species" || name == "pos") throw Error(where + "array name '" + name + "' is reserved");
      if (n == 0 || v.size() % n != 0 || v.empty())
        throw Error(where + "array '" + name + "' has " + std::to_string(v.size()) +
                    " values, not a positive multiple of the " + std::to_string(n) + " atoms");
      if (name.empty() || needs_quotes(name) || name.find(':') != std::string::npos)
        throw Error(where + "array name '" + name + "' cannot be written in Properties");
      extra.emplace_back(name, v.size() / n);
    }
    std::string props = "species:S:1:pos:R:3";
    for (const auto& [name, c] : extra) props += ":" + name + ":R:" + std::to_string(c);
    if (!f.forces.empty()) props += ":" + opt.forces_key + ":R:3";

    out += std::to_string(n) + "\n";
    std::string comment;
    if (f.lattice) {
      std::string lat;
      for (std::size_t k = 0; k < 9; ++k) lat += (k ? " " : "") + fmt_double((*f.lattice)[k]);
      comment += "Lattice=\"" + lat + "\" ";
    }
    comment += "Properties=" + props;
    for (const auto& [k, v] : f.info) {
      const std::string lk = lower(k);
      if (lk == "properties" || lk == "lattice" || lk == "pbc") continue;
      if (f.energy && k == opt.energy_key) continue;
      if (k.empty() || needs_quotes(k)) throw Error(where + "info key '" + k + "' cannot be written");
      comment += " " + k + "=" + quote(v);
    }
    if (f.energy) comment += " " + opt.energy_key + "=" + fmt_double(*f.energy);
    comment += std::string(" pbc=\"") + (f.pbc[0] ? "T" : "F") + " " + (f.pbc[1] ? "T" : "F") + " " +
               (f.pbc[2] ? "T" : "F") + "\"";
    out += comment + "\n";
    for (std::size_t a = 0; a < n; ++a) {
      std::string line = f.species[a];
      if (line.size() < 2) line.append(2 - line.size(), ' ');
      for (int k = 0; k < 3; ++k) pad_to(line, fmt_double(f.positions[a][static_cast<std::size_t>(k)]), 24);
      for (const auto& [name, c] : extra) {
        const auto& v = f.arrays.at(name);
        for (std::size_t k = 0; k < c; ++k) pad_to(line, fmt_double(v[a * c + k]), 24);
      }
      if (!f.forces.empty())
        for (int k = 0; k < 3; ++k) pad_to(line, fmt_double(f.forces[a][static_cast<std::size_t>(k)]), 24);
      out += line + "\n";
    }
  }
  return out;
}

void write_extxyz(const std::string& path, const std::vector<Frame>& frames, bool overwrite,
                  const ExtxyzOptions& opt) {
  write_file_atomically(path, format_extxyz(frames, opt), overwrite);
}

}  // namespace qmlff
