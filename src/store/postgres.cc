#include "store/postgres.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <vector>

namespace torikumi::store::postgres {
namespace {

// Writers of every connection take this lock first and hold it to the end of their
// transaction: one writer at a time, as with SQLite.
constexpr std::string_view kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7301)";

Error PgError(std::string_view context, const char* message) {
  std::string what(message ? message : "unknown error");
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  return Error::Io(std::string(context) + ": " + what);
}

// A failed statement as an Error. The server's passing faults (the connection lost, the
// server shutting down or starting, its disk or memory full, a serialisation failure) are
// kUnavailable: the transaction did not commit, and the same request may succeed later.
Error PgError(pg_conn* db, const PGresult* result, std::string_view context) {
  if (PQstatus(db) != CONNECTION_OK) {
    return Error::Unavailable("データベースとの接続が切れました。");
  }
  const char* field = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view state = field ? field : "";
  if (state.starts_with("08") || state.starts_with("57P")) {
    return Error::Unavailable("データベースとの接続が切れました。");
  }
  if (state == "53100") {
    return Error::Unavailable(
        "データベースのディスクの空きが足りないため、書き込めませんでした。空きができれば、また"
        "書き込めます。");
  }
  if (state.starts_with("53")) return Error::Unavailable("データベースの資源が足りません。");
  if (state == "40001" || state == "40P01") {
    return Error::Unavailable("データベースが混み合っています。");
  }
  return PgError(context, result ? PQresultErrorMessage(result) : PQerrorMessage(db));
}

// A lexeme of a tsvector or tsquery literal: quoted, with quotes and backslashes doubled.
std::string Lexeme(std::string_view token) {
  std::string quoted = "'";
  for (char c : token) {
    if (c == '\'' || c == '\\') quoted += c;
    quoted += c;
  }
  return quoted + "'";
}

class Dialect final : public sql::Dialect {
 public:
  std::string_view BeginRead() const override {
    return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }
  std::string_view BeginWrite() const override { return kBeginWrite; }

  // One query of all the phrases: the document is the initiative's whole.
  std::string SearchCondition(int first, std::size_t) const override {
    return "i.search_vector @@ CAST(?" + std::to_string(first) + " AS tsquery)";
  }
  std::vector<std::string> SearchParameters(
      const std::vector<text::SearchPhrase>& phrases) const override {
    return {Query(phrases)};
  }
  std::string MatchingFrom() const override { return "initiative i"; }
  std::string MatchingWhere(int first, std::size_t parameters) const override {
    return SearchCondition(first, parameters);
  }
  // The planner walks the primary key backwards for common words and stops at the LIMIT, or
  // takes the GIN index for rare ones and sorts the few rows it finds.
  std::string_view MatchingNewestFirst() const override { return "i.id DESC"; }
  // The tokens with their positions, which phrase search needs: '災計':2 '防災':1,9 …, each
  // lexeme once and in the server's order (bytes, then length): its parser would otherwise
  // sort and merge them, which was half of an import's time in the server.
  std::string SearchDocument(std::string_view tokens) const override {
    std::vector<std::pair<std::string_view, int>> at;  // token, position
    std::size_t start = 0;
    while (start < tokens.size()) {
      std::size_t end = tokens.find(' ', start);
      if (end == std::string_view::npos) end = tokens.size();
      if (end > start) at.emplace_back(tokens.substr(start, end - start), int(at.size()) + 1);
      start = end + 1;
    }
    std::sort(at.begin(), at.end());
    std::string document;
    document.reserve(tokens.size() * 2);
    for (std::size_t k = 0; k < at.size();) {
      if (!document.empty()) document += ' ';
      document += Lexeme(at[k].first);
      // PostgreSQL keeps positions up to 16383, and up to 256 of them for a lexeme.
      char separator = ':';
      int kept = 0;
      int last = 0;
      std::size_t next = k;
      for (; next < at.size() && at[next].first == at[k].first; ++next) {
        const int position = std::min(at[next].second, 16383);
        if (kept == 256 || position == last) continue;
        document += separator;
        document += std::to_string(position);
        separator = ',';
        last = position;
        ++kept;
      }
      k = next;
    }
    return document;
  }
  bool ManyRowStatements() const override { return true; }
  std::string_view SkipLocked() const override { return " FOR UPDATE SKIP LOCKED"; }
  bool OneWriterAtATime() const override { return false; }
  // The document is in the row: an UPDATE after the INSERT wrote each row twice, and that
  // was half of an import's time.
  const SearchStorage& Search() const override {
    static constexpr SearchStorage kStorage{"search_vector"};
    return kStorage;
  }

 private:
  // Each phrase as its tokens in a row, all required: '防災' <-> '災計' & '福'*.
  static std::string Query(const std::vector<text::SearchPhrase>& phrases) {
    std::string query;
    for (const text::SearchPhrase& phrase : phrases) {
      if (!query.empty()) query += " & ";
      query += '(';
      for (std::size_t k = 0; k < phrase.tokens.size(); ++k) {
        if (k > 0) query += " <-> ";
        query += Lexeme(phrase.tokens[k]);
        if (phrase.prefix) query += ":*";
      }
      query += ')';
    }
    return query;
  }
};

// "?3" → "$3" and "?" → the next number, outside quoted literals; returns the highest
// parameter number.
std::string Translated(std::string_view sql, int& parameters) {
  std::string out;
  parameters = 0;
  bool quoted = false;
  for (std::size_t k = 0; k < sql.size(); ++k) {
    const char c = sql[k];
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      // A bare ? is numbered one past the highest so far, as SQLite numbers it.
      int number = 0;
      while (k + 1 < sql.size() && sql[k + 1] >= '0' && sql[k + 1] <= '9') {
        number = number * 10 + (sql[++k] - '0');
      }
      if (number == 0) number = parameters + 1;
      out += '$';
      out += std::to_string(number);
      parameters = std::max(parameters, number);
      continue;
    }
    out += c;
  }
  return out;
}

class Cursor final : public sql::Cursor {
 public:
  // How `statement` is given: as the name of a statement prepared on the connection, or as
  // SQL parsed for this run only.
  enum class Kind { kPrepared, kOnce };

  Cursor(Connection& connection, pg_conn* db, Kind kind, std::string statement, int parameters)
      : connection_(connection),
        db_(db),
        kind_(kind),
        statement_(std::move(statement)),
        values_(std::size_t(parameters)) {}
  ~Cursor() override { Clear(); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void BindInt(int index, std::int64_t value) override { Set(index, std::to_string(value)); }
  void BindDouble(int index, double value) override {
    char buffer[32];
    (void)std::snprintf(buffer, sizeof buffer, "%.17g", value);
    Set(index, buffer);
  }
  void BindText(int index, std::string_view value) override { Set(index, std::string(value)); }
  void BindNull(int index) override { values_.at(std::size_t(index - 1)).reset(); }

  Result<bool> Step() override {
    if (!result_) {
      std::vector<const char*> values;
      for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
      result_ = kind_ == Kind::kOnce ? PQexecParams(db_, statement_.c_str(), int(values.size()),
                                                    nullptr, values.data(), nullptr, nullptr, 0)
                                     : PQexecPrepared(db_, statement_.c_str(), int(values.size()),
                                                      values.data(), nullptr, nullptr, 0);
      const ExecStatusType status = PQresultStatus(result_);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        Error error = PgError(db_, result_, "PostgreSQL");
        Clear();
        return error;
      }
      const std::string_view tuples = PQcmdTuples(result_);
      int changes = 0;
      std::from_chars(tuples.data(), tuples.data() + tuples.size(), changes);
      connection_.set_changes(changes);
      row_ = -1;
    }
    return ++row_ < PQntuples(result_);
  }
  void Reset() override {
    Clear();
    for (auto& v : values_) v.reset();
  }

  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t Int(int column) const override {
    return std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
  }
  double Double(int column) const override {
    return std::strtod(PQgetvalue(result_, row_, column), nullptr);
  }
  std::string Text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column),
                       std::size_t(PQgetlength(result_, row_, column)));
  }

 private:
  void Set(int index, std::string value) { values_.at(std::size_t(index - 1)) = std::move(value); }
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
  }

  Connection& connection_;
  pg_conn* db_;
  Kind kind_;
  std::string statement_;
  std::vector<std::optional<std::string>> values_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  pg_conn* db = PQconnectdb(url.c_str());
  std::unique_ptr<Connection> connection(new Connection(db));
  if (PQstatus(db) != CONNECTION_OK) {
    // Said to the person in general terms; the server's own words go to the log.
    std::cerr << PgError("torikumi: PostgreSQL に接続できません", PQerrorMessage(db)).message()
              << '\n';
    return Error::Unavailable("データベースに接続できません。");
  }
  TORIKUMI_RETURN_IF_ERROR(connection->Execute(
      "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning"));
  return connection;
}

Connection::~Connection() { PQfinish(db_); }

bool Connection::Usable() const {
  if (PQstatus(db_) != CONNECTION_OK || PQtransactionStatus(db_) != PQTRANS_IDLE) return false;
  // An idle connection has nothing to say: a readable socket is the server's last message
  // (its backend terminated, or the server shutting down) or its hang-up.
  pollfd socket{PQsocket(db_), POLLIN, 0};
  return ::poll(&socket, 1, 0) == 0;
}

Result<void> Connection::Execute(std::string_view sql) {
  PGresult* result = PQexec(db_, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  Result<void> outcome;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    outcome = PgError(db_, result, "PostgreSQL");
  }
  PQclear(result);
  return outcome;
}

Result<sql::Statement> Connection::Prepare(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    int parameters = 0;
    const std::string translated = Translated(sql, parameters);
    const std::string name = "s" + std::to_string(prepared_.size());
    PGresult* result = PQprepare(db_, name.c_str(), translated.c_str(), 0, nullptr);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    Error error = ok ? Error::Io("") : PgError(db_, result, "SQL を準備できません");
    PQclear(result);
    if (!ok) return error;
    it = prepared_.emplace(std::string(sql), std::pair(name, parameters)).first;
  }
  return sql::Statement(std::make_unique<Cursor>(*this, db_, Cursor::Kind::kPrepared,
                                                 it->second.first, it->second.second));
}

Result<sql::Statement> Connection::PrepareOnce(std::string_view sql) {
  int parameters = 0;
  std::string translated = Translated(sql, parameters);
  return sql::Statement(
      std::make_unique<Cursor>(*this, db_, Cursor::Kind::kOnce, std::move(translated), parameters));
}

const sql::Dialect& Connection::dialect() const {
  static const Dialect dialect;
  return dialect;
}

}  // namespace torikumi::store::postgres
