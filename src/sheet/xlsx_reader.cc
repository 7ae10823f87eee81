// The XLSX reader: libzip for the archive, expat for the XML parts. Every part is read with
// a budget, so that a small file that unpacks to gigabytes is refused rather than obeyed,
// and XML with a document type declaration (entity expansion) is refused outright.

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <memory>
#include <utility>

#include "sheet/indicators_table.h"
#include "sheet/layout.h"
#include "sheet/xlsx.h"
#include "text/number.h"
#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

// What a workbook may unpack to: XML packs ten to twenty times, a bomb a thousand.
constexpr std::size_t kUnpackedPerPackedByte = 50;
constexpr std::size_t kMinUnpackedBudget = 64u << 20;
constexpr int kMaxColumns = 64;  // the sheet has 14; more is not a process sheet
// Rows with content: a city's sheet has hundreds, a prefecture's all-municipality sheet
// tens of thousands.
constexpr std::size_t kMaxRows = 100000;
// The 指標 worksheet has twelve rows per indicator, several indicators per initiative.
constexpr std::size_t kMaxFigureRows = 12 * 5 * kMaxRows;
constexpr int kMaxRowNumber = 1048576;             // Excel's last row
constexpr std::size_t kMaxCellCharacters = 32767;  // what an Excel cell holds
// The cells' text altogether: shared strings are copied into every cell that refers to
// them, so a small workbook could otherwise ask for far more memory than it unpacks to.
constexpr std::size_t kMaxCellBytes = 256u << 20;

Error NotAWorkbook(const std::string& why) {
  return Error::InvalidInput("XLSX ファイルとして読めません: " + why);
}

// SpreadsheetML's escape of characters XML cannot hold: "_x000D_" is CR, "_x005F_" is "_".
std::string Unescaped(std::string_view s) {
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' && is_hex(s[i + 2]) &&
        is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5])) {
      unsigned code = 0;
      std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16);
      if (code < 0xD800 || code > 0xDFFF) {
        text::AppendUtf8(out, char32_t(code));
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// An expat parse with local element and attribute names (namespaces dropped), callbacks
// for elements and text, and no document type declarations.
class XmlParse {
 public:
  using Attributes = std::map<std::string, std::string>;
  std::function<void(const std::string& name, const Attributes&)> on_start = [](auto&, auto&) {};
  std::function<void(const std::string& name)> on_end = [](auto&) {};
  std::function<void(std::string_view text)> on_text = [](auto) {};
  // Set by a callback to stop the parse with this message, about this worksheet row.
  std::optional<std::string> failure;
  int failure_line = 0;
  // Set by a callback to stop the parse with an error of its own.
  std::optional<Error> stopped_by;

  // Parses the XML that `next(chunk)` gives, a chunk at a time, until it returns false.
  template <typename Next>
  Result<void> Run(const std::string& part, Next next) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS("UTF-8", '|'), &XML_ParserFree);
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(parser.get(), &Start, &End);
    XML_SetCharacterDataHandler(parser.get(), &Text);
    XML_SetStartDoctypeDeclHandler(parser.get(), &Doctype);
    parser_ = parser.get();
    for (;;) {
      std::string_view chunk;
      TORIKUMI_ASSIGN_OR_RETURN(const bool more, next(chunk));
      const bool parsed = XML_Parse(parser.get(), chunk.data(), int(chunk.size()),
                                    more ? XML_FALSE : XML_TRUE) == XML_STATUS_OK;
      if (stopped_by) return *stopped_by;
      if (failure) return Error::InvalidInput(part + ": " + *failure, {"", failure_line, 0});
      if (!parsed) {
        const int line = int(XML_GetCurrentLineNumber(parser.get()));
        return NotAWorkbook(part + " の " + std::to_string(line) + " 行目の XML が壊れています (" +
                            XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
      }
      if (!more) return {};
    }
  }

  void Stop(Error error) {
    if (!stopped_by && !failure) stopped_by = std::move(error);
    XML_StopParser(parser_, XML_FALSE);
  }

  void Fail(std::string message, int line = 0) {
    if (!failure) {
      failure = std::move(message);
      failure_line = line;
    }
    XML_StopParser(parser_, XML_FALSE);
  }

 private:
  static std::string LocalName(const char* name) {
    const std::string_view n(name);
    const std::size_t bar = n.rfind('|');
    return std::string(bar == std::string_view::npos ? n : n.substr(bar + 1));
  }
  static void Start(void* data, const char* name, const char** attributes) {
    auto* self = static_cast<XmlParse*>(data);
    Attributes map;
    for (const char** a = attributes; *a; a += 2) map[LocalName(a[0])] = a[1];
    self->on_start(LocalName(name), map);
  }
  static void End(void* data, const char* name) {
    static_cast<XmlParse*>(data)->on_end(LocalName(name));
  }
  static void Text(void* data, const char* s, int length) {
    static_cast<XmlParse*>(data)->on_text(std::string_view(s, std::size_t(length)));
  }
  static void Doctype(void* data, const char*, const char*, const char*, int) {
    static_cast<XmlParse*>(data)->Fail("文書型宣言 (DOCTYPE) を含む XML は読みません");
  }

  XML_Parser parser_ = nullptr;
};

class Archive {
 public:
  static Result<Archive> Open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) return NotAWorkbook(zip_error_strerror(&error));
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!zip) {
      zip_source_free(source);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      return NotAWorkbook(why);
    }
    return Archive(zip, std::max(kMinUnpackedBudget, kUnpackedPerPackedByte * bytes.size()));
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0;
  }

  // Parses the part with `parse` as it unpacks, a buffer at a time, so that a large
  // worksheet is never held whole; what it unpacks to counts against the archive's budget.
  Result<void> Parse(const std::string& name, XmlParse& parse) {
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(zip_.get(), name.c_str(), 0),
                                                            &zip_fclose);
    if (!file) return NotAWorkbook(name + " がありません");
    std::array<char, 65536> buffer;
    return parse.Run(name, [&](std::string_view& chunk) -> Result<bool> {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) return NotAWorkbook(name + " を展開できません");
      if (std::size_t(n) > budget_) {
        return Error::InvalidInput("XLSX ファイルは展開すると大きすぎます (ファイルの " +
                                   std::to_string(kUnpackedPerPackedByte) + " 倍か " +
                                   std::to_string(kMinUnpackedBudget >> 20) +
                                   " MiB の大きいほうまで)");
      }
      budget_ -= std::size_t(n);
      chunk = std::string_view(buffer.data(), std::size_t(n));
      return n > 0;
    });
  }

 private:
  Archive(zip_t* zip, std::size_t budget) : zip_(zip, &zip_discard), budget_(budget) {}

  std::unique_ptr<zip_t, decltype(&zip_discard)> zip_;
  std::size_t budget_;
};

std::string Attribute(const XmlParse::Attributes& attributes, const std::string& name) {
  auto it = attributes.find(name);
  return it == attributes.end() ? std::string() : it->second;
}

struct WorksheetEntry {
  std::string name;
  std::string relationship;
};

Result<std::vector<WorksheetEntry>> ReadWorkbook(Archive& archive) {
  std::vector<WorksheetEntry> sheets;
  XmlParse parse;
  parse.on_start = [&](const std::string& name, const XmlParse::Attributes& a) {
    if (name == "sheet") sheets.push_back({Attribute(a, "name"), Attribute(a, "id")});
  };
  TORIKUMI_RETURN_IF_ERROR(archive.Parse("xl/workbook.xml", parse));
  if (sheets.empty()) return NotAWorkbook("ワークシートがありません");
  return sheets;
}

struct Relationship {
  std::string target;  // the part's path in the archive
  std::string type;
};

Result<std::map<std::string, Relationship>> ReadRelationships(Archive& archive) {
  const std::string part = "xl/_rels/workbook.xml.rels";
  std::map<std::string, Relationship> relationships;
  XmlParse parse;
  parse.on_start = [&](const std::string& name, const XmlParse::Attributes& a) {
    if (name != "Relationship") return;
    std::string target = Attribute(a, "Target");
    // Targets are relative to xl/, or absolute within the package.
    target = target.starts_with('/') ? target.substr(1) : "xl/" + target;
    relationships[Attribute(a, "Id")] = {target, Attribute(a, "Type")};
  };
  TORIKUMI_RETURN_IF_ERROR(archive.Parse(part, parse));
  return relationships;
}

// The text of each <si>: its <t>s, runs included, phonetic guides (<rPh>) left out.
Result<std::vector<std::string>> ReadSharedStrings(Archive& archive, const std::string& part) {
  std::vector<std::string> strings;
  std::string current;
  int phonetic_depth = 0;
  bool in_text = false;
  XmlParse parse;
  parse.on_start = [&](const std::string& name, const XmlParse::Attributes&) {
    if (name == "si") current.clear();
    if (name == "rPh") ++phonetic_depth;
    if (name == "t") in_text = phonetic_depth == 0;
  };
  parse.on_end = [&](const std::string& name) {
    if (name == "t") in_text = false;
    if (name == "rPh") --phonetic_depth;
    if (name == "si") {
      if (current.size() > 4 * kMaxCellCharacters) {
        parse.Fail("共有文字列 " + std::to_string(strings.size()) +
                   " が長すぎます (32,767 文字まで)");
        return;
      }
      strings.push_back(Unescaped(current));
    }
  };
  parse.on_text = [&](std::string_view s) {
    if (in_text) current += s;
  };
  TORIKUMI_RETURN_IF_ERROR(archive.Parse(part, parse));
  return strings;
}

// "AB12" → column 27 (0-based); -1 when the reference holds no column letters or names one
// past Excel's last column (XFD).
int ColumnOf(std::string_view reference) {
  int column = 0;
  std::size_t letters = 0;
  while (letters < reference.size() && reference[letters] >= 'A' && reference[letters] <= 'Z') {
    column = column * 26 + (reference[letters] - 'A' + 1);
    if (++letters > 3) return -1;
  }
  return letters == 0 || column > 16384 ? -1 : column - 1;
}

// Gives each row of the worksheet with any text to `on_row` as it is unpacked, so that no
// more than a row is held; an error it returns stops the reading.
Result<void> ForEachWorksheetRow(Archive& archive, const std::string& part,
                                 const std::vector<std::string>& shared, std::size_t max_rows,
                                 const std::function<Result<void>(Record&&)>& on_row) {
  std::size_t rows = 0;
  Record row;
  std::size_t cell_bytes = 0;
  int next_row = 1;
  int next_column = 0;
  int column = 0;
  std::string type;
  std::string value;
  bool in_row = false;
  bool in_value = false;   // <v>
  bool in_inline = false;  // <is>
  bool in_text = false;    // <t> of an inline string
  int phonetic_depth = 0;
  XmlParse parse;
  auto cell_text = [&]() -> std::optional<std::string> {
    if (type == "s") {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      if (ec != std::errc() || end != value.data() + value.size() || index >= shared.size()) {
        parse.Fail("共有文字列の番号「" + value + "」がありません", row.line);
        return std::nullopt;
      }
      return shared[index];
    }
    // A number as the shortest text that reads back as the same double, however the
    // program that saved it wrote it ("1E-3", "0.10000000000000001").
    if (type.empty() || type == "n") {
      double number = 0;
      const char* end = value.data() + value.size();
      if (!value.empty() && std::from_chars(value.data(), end, number).ptr == end) {
        return text::FormatNumber(number);
      }
    }
    return Unescaped(value);
  };
  parse.on_start = [&](const std::string& name, const XmlParse::Attributes& a) {
    if (name == "row") {
      const std::string r = Attribute(a, "r");
      int number = next_row;
      if (!r.empty()) {
        auto [end, ec] = std::from_chars(r.data(), r.data() + r.size(), number);
        if (ec != std::errc() || end != r.data() + r.size()) number = 0;
      }
      if (number < 1 || number > kMaxRowNumber) {
        parse.Fail("行番号「" + r + "」が読めません", next_row);
        return;
      }
      row = Record{number, {}};
      next_row = number + 1;
      next_column = 0;
      in_row = true;
    } else if (name == "c" && in_row) {
      const std::string r = Attribute(a, "r");
      column = r.empty() ? next_column : ColumnOf(r);
      if (column < 0) parse.Fail("セル番地「" + r + "」が読めません", row.line);
      type = Attribute(a, "t");
      value.clear();
    } else if (name == "v") {
      in_value = true;
    } else if (name == "is") {
      in_inline = true;
    } else if (name == "rPh") {
      ++phonetic_depth;
    } else if (name == "t" && in_inline) {
      in_text = phonetic_depth == 0;
    }
  };
  parse.on_end = [&](const std::string& name) {
    if (name == "v") {
      in_value = false;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "rPh") {
      --phonetic_depth;
    } else if (name == "t") {
      in_text = false;
    } else if (name == "c" && in_row) {
      next_column = column + 1;
      auto text = cell_text();
      if (!text || text->empty()) return;
      if (column >= kMaxColumns) {
        parse.Fail("列が多すぎます (" + std::to_string(kMaxColumns) + " 列まで)", row.line);
        return;
      }
      cell_bytes += text->size();
      if (cell_bytes > kMaxCellBytes) {
        parse.Fail("セルの文字が多すぎます (合わせて 256 MiB まで)", row.line);
        return;
      }
      if (row.cells.size() <= std::size_t(column)) row.cells.resize(std::size_t(column) + 1);
      row.cells[std::size_t(column)] = std::move(*text);
    } else if (name == "row") {
      in_row = false;
      if (row.cells.empty()) return;
      // Excel leaves out a row's empty cells; the layout's columns are all there.
      if (row.cells.size() < kColumns) row.cells.resize(kColumns);
      if (rows == max_rows) {
        parse.Fail("行が多すぎます (" + std::to_string(max_rows) + " 行まで)", row.line);
        return;
      }
      ++rows;
      if (auto taken = on_row(std::move(row)); !taken) parse.Stop(taken.error());
    }
  };
  parse.on_text = [&](std::string_view s) {
    if (in_value || (in_text && phonetic_depth == 0)) value += s;
  };
  return archive.Parse(part, parse);
}

Result<std::vector<Record>> ReadWorksheet(Archive& archive, const std::string& part,
                                          const std::vector<std::string>& shared) {
  std::vector<Record> records;
  TORIKUMI_RETURN_IF_ERROR(
      ForEachWorksheetRow(archive, part, shared, kMaxRows, [&](Record&& row) -> Result<void> {
        records.push_back(std::move(row));
        return {};
      }));
  return records;
}

// An error of a figures worksheet, naming it.
Error InWorksheet(const std::string& name, const Error& error) {
  return Error::InvalidInput("ワークシート「" + name + "」: " + error.message(), error.where());
}

// The initiative numbered `no` of the sheet's, by No., or an error naming the worksheet that
// refers to one the sheet lacks.
Result<model::Initiative*> InitiativeNumbered(const std::map<int, model::Initiative*>& by_no,
                                              int no, const std::string& name) {
  auto i = by_no.find(no);
  if (i == by_no.end()) {
    return Error::InvalidInput("ワークシート「" + name + "」: No. " + std::to_string(no) +
                               " の取組はシートにありません");
  }
  return i->second;
}

// Reads the 指標 or 達成状況 worksheet into `sheet`'s initiatives a row at a time: a long sheet's
// figures run to hundreds of thousands of rows. The year of its rows must be the sheet's
// unless the reader was given the year. A worksheet of the workbook's own that shares the
// name (its first row is not the table's header) is passed over.
Result<void> AddFigures(Archive& archive, const std::string& part,
                        const std::vector<std::string>& shared, model::Sheet& sheet,
                        const std::string& name, bool year_given) {
  const bool indicators = name == kIndicatorsWorksheet;
  enum class Header { kUnread, kOurs, kNotOurs } header = Header::kUnread;
  IndicatorsTable indicators_table;
  AchievementsTable achievements_table;
  TORIKUMI_RETURN_IF_ERROR(
      ForEachWorksheetRow(archive, part, shared, kMaxFigureRows, [&](Record&& row) -> Result<void> {
        if (header == Header::kUnread) {
          const bool ours = indicators ? IsIndicatorsHeader(row) : IsAchievementsHeader(row);
          header = ours ? Header::kOurs : Header::kNotOurs;
          return {};
        }
        if (header == Header::kNotOurs) return {};
        auto added = indicators ? AddIndicatorsRecord(row, indicators_table)
                                : AddAchievementsRecord(row, achievements_table);
        if (!added) return InWorksheet(name, added.error());
        return {};
      }));
  if (header != Header::kOurs) return {};
  sheet.carries_figures = true;  // the header alone says: no figures
  const int year = indicators ? indicators_table.fiscal_year : achievements_table.fiscal_year;
  if (year && !year_given && year != sheet.fiscal_year) {
    return Error::InvalidInput("ワークシート「" + name + "」の年度 " + std::to_string(year) +
                               " がシートの年度 " + std::to_string(sheet.fiscal_year) +
                               " と違います");
  }
  std::map<int, model::Initiative*> by_no;
  for (model::Initiative& i : sheet.initiatives) by_no[i.no] = &i;
  for (auto& [no, read] : indicators_table.by_no) {
    TORIKUMI_ASSIGN_OR_RETURN(model::Initiative * i, InitiativeNumbered(by_no, no, name));
    i->indicators = std::move(read);
  }
  for (auto& [no, read] : achievements_table.by_no) {
    TORIKUMI_ASSIGN_OR_RETURN(model::Initiative * i, InitiativeNumbered(by_no, no, name));
    i->achievements = std::move(read);
  }
  return {};
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

Result<std::map<std::string, std::size_t>> LastRowsOfXlsx(std::string_view bytes) {
  TORIKUMI_ASSIGN_OR_RETURN(Archive archive, Archive::Open(bytes));
  TORIKUMI_ASSIGN_OR_RETURN(auto worksheets, ReadWorkbook(archive));
  TORIKUMI_ASSIGN_OR_RETURN(auto relationships, ReadRelationships(archive));
  std::map<std::string, std::size_t> last_rows;
  for (const WorksheetEntry& w : worksheets) {
    auto part = relationships.find(w.relationship);
    if (part == relationships.end()) {
      return NotAWorkbook("ワークシート「" + w.name + "」の中身がありません");
    }
    std::size_t& last = last_rows[w.name];
    XmlParse parse;
    parse.on_start = [&](const std::string& name, const XmlParse::Attributes& a) {
      if (name != "row") return;
      const std::string r = Attribute(a, "r");
      std::size_t number = 0;
      std::from_chars(r.data(), r.data() + r.size(), number);
      last = std::max(last, number);
    };
    TORIKUMI_RETURN_IF_ERROR(archive.Parse(part->second.target, parse));
  }
  return last_rows;
}

Result<model::Sheet> ReadProcessSheetXlsx(std::string_view bytes, const XlsxReadOptions& options) {
  TORIKUMI_ASSIGN_OR_RETURN(Archive archive, Archive::Open(bytes));
  TORIKUMI_ASSIGN_OR_RETURN(auto worksheets, ReadWorkbook(archive));
  TORIKUMI_ASSIGN_OR_RETURN(auto relationships, ReadRelationships(archive));

  const WorksheetEntry* chosen = &worksheets.front();
  if (options.sheet_name) {
    chosen = nullptr;
    std::string names;
    for (const WorksheetEntry& w : worksheets) {
      if (w.name == *options.sheet_name) chosen = &w;
      names += (names.empty() ? "" : "、") + w.name;
    }
    if (!chosen) {
      return Error::InvalidInput("ワークシート「" + *options.sheet_name +
                                 "」がありません (あるのは " + names + ")");
    }
  }
  auto target = relationships.find(chosen->relationship);
  if (target == relationships.end()) {
    return NotAWorkbook("ワークシート「" + chosen->name + "」の中身がありません");
  }

  std::vector<std::string> shared;
  for (const auto& [id, relationship] : relationships) {
    if (relationship.type.ends_with("/sharedStrings")) {
      TORIKUMI_ASSIGN_OR_RETURN(shared, ReadSharedStrings(archive, relationship.target));
    }
  }
  TORIKUMI_ASSIGN_OR_RETURN(model::Sheet sheet, [&]() -> Result<model::Sheet> {
    // The worksheet's rows are let go once they are the sheet, before the figures are read.
    TORIKUMI_ASSIGN_OR_RETURN(auto records, ReadWorksheet(archive, target->second.target, shared));
    return ReadSheetRecords(std::move(records), options.fiscal_year);
  }());

  // The figures' worksheets, beside the sheet's own.
  for (const WorksheetEntry& w : worksheets) {
    if (&w == chosen || (w.name != kIndicatorsWorksheet && w.name != kAchievementsWorksheet)) {
      continue;
    }
    auto part = relationships.find(w.relationship);
    if (part == relationships.end()) {
      return NotAWorkbook("ワークシート「" + w.name + "」の中身がありません");
    }
    TORIKUMI_RETURN_IF_ERROR(AddFigures(archive, part->second.target, shared, sheet, w.name,
                                        options.fiscal_year.has_value()));
  }
  return sheet;
}

}  // namespace torikumi::sheet
