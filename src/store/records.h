#ifndef TORIKUMI_STORE_RECORDS_H_
#define TORIKUMI_STORE_RECORDS_H_

// The records storage reads and writes: what the layers above pass to and get from a
// Store, apart from the interface itself (store.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/initiative.h"
#include "model/notice.h"
#include "model/review.h"
#include "model/security_event.h"

namespace torikumi::store {

// Which sheet of a fiscal year: the working sheet staff edit (no publication), or an
// immutable publication of it.
struct SheetKey {
  static SheetKey Working(int year) { return {year, std::nullopt}; }
  static SheetKey Published(int year, std::int64_t publication) { return {year, publication}; }

  int year = 0;
  std::optional<std::int64_t> publication;
};

// Narrows a year's list of initiatives; empty fields do not narrow.
struct InitiativeFilter {
  std::string department;
  std::string section;
  std::string goal;  // as FormatNumberedTitle writes it: "5.変革の歩みを止めない川西の実現"
  std::string policy;  // "12.行政経営"
  std::string rating;
  std::string query;  // words that must all occur (two characters or more find words)
};

// One row of a list: what the sheet's own columns show at a glance.
struct InitiativeSummary {
  int no = 0;
  std::string project;
  std::string subproject;
  std::string department;
  std::string section;
  model::NumberedTitle goal;
  model::NumberedTitle policy;
  std::string title;
  std::string rating;
  std::optional<model::Ending::Kind> ending;  // none while the initiative goes on
  std::optional<model::Entry> latest_progress;
  std::vector<std::string> co_owners;
};

// The distinct values of a sheet, for the list's filters, in sheet order.
struct Facets {
  std::vector<std::string> departments;
  std::vector<std::string> sections;
  std::vector<model::NumberedTitle> goals;
  std::vector<model::NumberedTitle> policies;
  std::vector<std::string> projects;
  std::vector<std::string> subprojects;
};

// What an import does to the reports entered in the workspace (owners' reports and
// co-owners' notes with a state) whose content the file has otherwise.
enum class ReportsOnImport {
  kKeep,     // the workspace's content stays; the rest of the initiative is imported
  kReplace,  // the file's content is written, and those reports begin again (未着手)
};

// What an import did, by No.
struct ImportOutcome {
  std::vector<int> added;
  std::vector<int> changed;
  std::vector<int> unchanged;
  std::vector<int> kept;     // in the database but not in the imported sheet: left as they were
  int reports_kept = 0;      // reports whose content the file has otherwise, left as they were
  int reports_replaced = 0;  // the same, replaced by the file's content (kReplace)
};

// A security event (セキュリティの記録): who, from where, when, what. Never a password, a
// token, a second factor's code or a cookie.
struct SecurityEvent {
  std::string at;  // ISO 8601 UTC, "2026-11-25T06:59:55Z"
  model::SecurityEventKind kind = model::SecurityEventKind::kForbidden;
  // Who acted: the signed-in user, the user signing in, or the token's user; empty for the
  // public, an unknown login and the command line.
  std::optional<std::int64_t> user_id;
  // The account the event is about: the login as typed for a failed sign-in, the changed
  // user's for an administrator's change, the signed-in user's for a refusal.
  std::string login;
  std::string address;  // the client's address (Request::peer); "" for the command line
  std::string detail;   // what: "GET /staff/users: …", "所管課担当 → 企画担当", …
};

// A notification (お知らせ) of a change, written in the change's transaction, so that no
// change is made without it and none is told of a change that was not made (an outbox):
// the user's list has it at once, and its mail waits in the database for the sender.
struct Notice {
  std::int64_t user_id = 0;
  model::NoticeKind kind = model::NoticeKind::kMonthOpened;
  std::int64_t at = 0;  // Unix seconds
  std::string title;    // one line
  std::string body;     // plain text
  std::string link;     // the page concerned, from the municipality's root: "/staff/2025/…"
  std::string mail_to;  // the address to mail it to; "" for no mail
  bool digest = false;  // the mail is held for the user's daily digest
};

// A change to record in the audit log, written in the same transaction as the change.
struct AuditEntry {
  std::optional<std::int64_t> user_id;  // empty for the command line
  std::string action;                   // "initiative.update", "report.submit", …
  std::string object;                   // "2025/No.3", "user alice", …
  std::string before;                   // JSON or text; "" when created
  std::string after;                    // JSON or text; "" when deleted
  // The security event of the change (a password set, a role changed, a token revoked),
  // written in the same transaction; it takes no part in the audit chain's hash.
  std::optional<SecurityEvent> security_event;
  // The notifications of the change, written in the same transaction.
  std::vector<Notice> notices;
};

// A security event as the administrators' page and CSV show it.
struct SecurityEventRecord {
  std::int64_t id = 0;
  SecurityEvent event;
  std::string user;  // the display name of event.user_id; "" when none
};

// Narrows the security events; empty fields do not narrow.
struct SecurityEventFilter {
  std::optional<model::SecurityEventKind> kind;
  std::string from;            // ISO 8601 UTC: events at or after
  std::string until;           // ISO 8601 UTC: events before
  std::int64_t before_id = 0;  // events older than this one (the next page); 0 for the newest
  int limit = 100;
};

struct AuditRecord {
  std::int64_t id = 0;
  std::string at;    // ISO 8601 UTC
  std::string user;  // display name, or "コマンドライン"
  std::string action;
  std::string object;
  std::string before;
  std::string after;
};

// What `torikumi audit verify` found of a municipality's audit chain.
struct AuditChainCheck {
  std::int64_t chained = 0;    // entries checked in the chain
  std::int64_t unchained = 0;  // entries from before the chain existed
  std::int64_t last_seq = 0;   // the last entry's number and hash, to be noted elsewhere:
  std::string last_hash;       // removing the newest entries leaves no gap of its own
  // The first entry that does not hold, by its id, and what is wrong with it; 0 when none.
  std::int64_t broken_id = 0;
  std::string problem;
};

struct AuditFilter {
  std::string object_prefix;  // "" for all
  int limit = 200;
};

struct StoredInitiative {
  model::Initiative initiative;
  std::int64_t version = 0;  // bumped by every change; edits name the version they started from
  std::string updated_at;
};

struct UserRecord {
  model::User user;
  std::string password_hash;  // Argon2id, libsodium's string form
  // The second factor (TOTP), as Store::SaveSecondFactor wrote it; UpdateUser leaves it.
  std::string totp_secret;   // base32; "" when none (then user.second_factor is false)
  std::string totp_pending;  // base32 of the secret being enrolled; "" when none
  std::int64_t totp_last_step = 0;
};

// A user's second factor as SaveSecondFactor writes it.
struct SecondFactorRecord {
  std::string secret;          // base32; "" for none
  std::string pending;         // base32 of a secret being enrolled; "" for none
  std::int64_t last_step = 0;  // the last TOTP time step used
  // Replaces every recovery code when set: the hashes of the new ones.
  std::optional<std::vector<std::string>> recovery_hashes;
};

// An API token as its owner's administrator sees it: never the token itself.
struct ApiTokenRecord {
  std::string id;  // the token's hash, which names it without being it
  std::string name;
  std::string created_at;    // ISO 8601 UTC
  std::string last_used_at;  // "" before its first use; kept to the hour
  std::string expires_at;    // ISO 8601 UTC
};

// What a bearer token stands for.
struct ApiTokenUse {
  std::int64_t user_id = 0;
  std::string last_used_at;
  std::string expires_at;  // ISO 8601 UTC; "" for none
  std::string name;        // what it is for, as issued
};

struct SessionRecord {
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;  // Unix seconds
  std::int64_t last_seen_at = 0;
  // The password was right and the second factor is still to come: such a session opens
  // nothing but the page that asks for the code.
  bool second_factor_pending = false;
};

struct PublicationRecord {
  std::int64_t id = 0;
  int year = 0;
  std::string published_on;  // the publication date, YYYY-MM-DD
  std::string published_at;  // when it was made, ISO 8601 UTC
  std::string published_by;
  // A withdrawn publication (取り下げ) stays listed, with who withdrew it, when and why; its
  // pages answer 410 and the year's latest is the newest one not withdrawn.
  std::string withdrawn_at;  // ISO 8601 UTC, "" while it stands
  std::string withdrawn_by;
  std::string withdrawn_reason;

  bool Withdrawn() const { return !withdrawn_at.empty(); }
};

// A report's change from one state to another; refused with Conflict when the report is
// no longer in `from` (someone else moved it first).
struct ReportTransition {
  int no = 0;
  int month = 0;
  std::string section;  // "" for the owner section's report; else the co-owning section's note
  model::ReportState from = model::ReportState::kNotStarted;
  model::ReportState to = model::ReportState::kDraft;
  std::string comment;  // written with kReturned; other transitions keep the last one
  // Written with the transition when set: what the public may see of the report from now on
  // (what is approved, or what a report that begins began from).
  std::optional<model::ApprovedContent> approved;
};

// A notification as its user's list shows it.
struct NotificationRecord {
  std::int64_t id = 0;
  model::NoticeKind kind = model::NoticeKind::kMonthOpened;
  std::int64_t created_at = 0;  // Unix seconds
  std::string title;
  std::string body;
  std::string link;
  bool read = false;
};

// A mail of the outbox. held: kept for a daily digest; pending: to send (again, from
// next_attempt_at); sent; failed: refused for good by the relay (or not allowed), shown to
// the administrators; bundled: sent within a digest.
enum class MailState { kHeld, kPending, kSent, kFailed, kBundled };
std::string_view MailStateName(MailState state);
std::string_view MailStateLabel(MailState state);

struct MailRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string to;
  std::string subject;
  std::string body;  // plain text, without the link
  std::string link;  // the page concerned, from the municipality's root; "" for none
  MailState state = MailState::kPending;
  int attempts = 0;
  std::int64_t created_at = 0;       // Unix seconds
  std::int64_t next_attempt_at = 0;  // Unix seconds
  std::int64_t sent_at = 0;          // Unix seconds; 0 before
  std::string last_error;            // the relay's last refusal, or why it could not be reached
};

// What became of a claimed mail.
struct MailOutcome {
  enum class Kind { kSent, kRetry, kFailed };
  Kind kind = Kind::kSent;
  std::int64_t at = 0;  // Unix seconds: when it was sent, or when to try again
  std::string error;    // kRetry, kFailed: why
};

struct MailBacklog {
  int held = 0;
  int pending = 0;
  int failed = 0;
};

// One municipality of an installation, by its 全国地方公共団体コード (Kawanishi: 282171). The
// installation's own municipality, which short URLs address, may have no code.
struct Municipality {
  std::int64_t id = 0;
  std::string code;
  std::string name;
};

// An initiative found by a search across every municipality's latest publications.
struct PublishedHit {
  std::string municipality_code;  // "" for the installation's own
  std::string municipality_name;
  int year = 0;
  std::int64_t publication = 0;
  int no = 0;
  std::string title;
  std::string section;
};

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_RECORDS_H_
