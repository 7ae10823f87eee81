#ifndef TORIKUMI_STORE_STORE_H_
#define TORIKUMI_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/account.h"
#include "model/error.h"
#include "model/initiative.h"
#include "model/progress.h"
#include "model/review.h"
#include "store/records.h"

namespace torikumi::store {

// Turns an initiative into the audit log's text for imports (canonical JSON, from the
// sheet layer, which storage does not depend on).
using InitiativeDescriber = std::function<std::string(const model::Initiative&)>;

// Storage of torikumi's domain. One interface for every backend; each method is one
// transaction, and implementations are safe to call from several threads at once.
//
// A store is one municipality's: every method but those under "Municipalities" reads and
// writes that municipality's data only, and sessions and tokens of another municipality's
// users are not found in it. OpenStore gives the installation's own municipality.
class Store {
 public:
  virtual ~Store() = default;

  // --- Municipalities (of the whole installation) ---

  virtual Result<std::vector<Municipality>> Municipalities() = 0;
  // Conflict when the code is taken.
  virtual Result<Municipality> AddMunicipality(std::string_view code, std::string_view name) = 0;
  // The store of the municipality with that code, sharing this one's connections; NotFound
  // when there is none.
  virtual Result<std::unique_ptr<Store>> OpenMunicipality(std::string_view code) = 0;
  // This store's municipality.
  virtual Result<Municipality> ThisMunicipality() = 0;
  // Gives this store's municipality its code and name, which every public page and document
  // says from then on (PublicationStamp changes). Conflict when another municipality of the
  // installation has the code.
  virtual Result<Municipality> NameMunicipality(std::string_view code, std::string_view name,
                                                const AuditEntry& audit) = 0;
  // The initiatives of every municipality's latest publication of each year that match the
  // words of `query` (as InitiativeFilter::query), the most recently published first;
  // published data only.
  virtual Result<std::vector<PublishedHit>> SearchPublished(std::string_view query, int limit) = 0;

  // --- Sheets ---

  // The fiscal years with a working sheet, newest first.
  virtual Result<std::vector<int>> FiscalYears() = 0;
  // Deletes a year that was never published (a mistaken upload) with everything in it: its
  // sheet, reports, opened months and the year's own section assignments. NotFound; Conflict
  // when it has a publication, withdrawn or not, which stays on record.
  virtual Result<void> DeleteYear(int year, const AuditEntry& audit) = 0;
  // The sheet's rating scale; nullopt when the sheet does not exist.
  virtual Result<std::optional<model::RatingScale>> LoadRatingScale(const SheetKey& key) = 0;
  // The whole sheet, initiatives ordered by No.; nullopt when it does not exist.
  virtual Result<std::optional<model::Sheet>> LoadSheet(const SheetKey& key) = 0;
  // One initiative; nullopt when the sheet or the No. does not exist.
  virtual Result<std::optional<model::Initiative>> LoadInitiative(const SheetKey& key, int no) = 0;
  virtual Result<std::vector<InitiativeSummary>> ListInitiatives(
      const SheetKey& key, const InitiativeFilter& filter) = 0;
  virtual Result<Facets> ListFacets(const SheetKey& key) = 0;

  // Creates the year's working sheet if new, sets its rating scale to sheet.rating_scale,
  // and adds or replaces each initiative by (year, No.); initiatives not in `sheet` are
  // kept. The content of reports entered in the workspace is kept or replaced as `reports`
  // says (model::KeepingReports); an initiative's ending stays unless the file states one.
  // Each added or changed initiative is audited. All or nothing. `progress` hears of the
  // initiatives compared and the rows written.
  // The sheet is taken, not copied: a long one is held once while it is written.
  // REQUIRES: every owner section belongs to one department within `sheet`
  virtual Result<ImportOutcome> ImportSheet(model::Sheet sheet, std::optional<std::int64_t> user_id,
                                            const InitiativeDescriber& describe,
                                            ReportsOnImport reports,
                                            const model::ProgressReport& progress) = 0;

  // Creates `year`'s working sheet from `from`'s: rating scale, organisation, plan
  // hierarchy and initiatives with their period goals and plan, without progress or
  // ratings; an initiative that ended (終了・廃止) stays behind. Conflict when `year` already
  // exists; NotFound when `from` does not.
  virtual Result<int> CarryOver(int from, int year, const AuditEntry& audit) = 0;

  // Saves the working sheet's scale; each (old, new) of `renamed` carries the working
  // sheet's ratings and approved ratings from the old symbol to the new (publications keep
  // theirs).
  virtual Result<void> SaveRatingScale(
      int year, const model::RatingScale& scale,
      const std::vector<std::pair<std::string, std::string>>& renamed, const AuditEntry& audit) = 0;
  // Renames a section of the working sheet, or merges it into an existing one of that name
  // (its initiatives, co-ownerships, notes and reports move; an initiative never co-owns
  // itself or one section twice); users assigned to it follow.
  virtual Result<void> RenameSection(int year, std::string_view from, std::string_view to,
                                     const AuditEntry& audit) = 0;

  // The levels of the plan hierarchy (総合計画の体系).
  enum class PlanLevel { kGoal, kPolicy, kProject, kSubproject };
  // Renames an element of the working sheet's plan hierarchy everywhere it occurs: a goal or
  // policy by its label ("5.変革の歩みを止めない川西の実現"), a project or sub-project by its name.
  // NotFound when no element has that label.
  virtual Result<void> RenamePlanElement(int year, PlanLevel level, std::string_view from,
                                         std::string_view to, const AuditEntry& audit) = 0;

  // --- Editing ---

  virtual Result<std::optional<StoredInitiative>> LoadStoredInitiative(int year, int no) = 0;
  // Adds `initiative` to the working sheet. Conflict when its No. is taken; NotFound.
  virtual Result<void> AddInitiative(int year, const model::Initiative& initiative,
                                     const AuditEntry& audit) = 0;
  // Deletes the initiative `no` of the working sheet with its reports and notes, if no
  // publication of the year, withdrawn or not, holds it (Conflict: it has been public, and
  // is ended instead). NotFound.
  virtual Result<void> DeleteInitiative(int year, int no, const AuditEntry& audit) = 0;
  // Replaces the initiative numbered initiative.no if it is still at `expected_version`
  // (Conflict otherwise) and applies `transitions` in the same transaction. `before` is the
  // initiative as it was read at that version: only what differs from it is written again.
  // Returns the new version.
  virtual Result<std::int64_t> UpdateInitiative(int year, const model::Initiative& before,
                                                const model::Initiative& initiative,
                                                std::int64_t expected_version,
                                                const std::vector<ReportTransition>& transitions,
                                                const AuditEntry& audit) = 0;

  // --- The monthly review cycle ---

  // The months opened for reporting, in fiscal order.
  virtual Result<std::vector<int>> ReportingMonths(int year) = 0;
  // Opens `month` with its deadline (提出期限, YYYY-MM-DD); false, and nothing written, when it
  // was open already.
  virtual Result<bool> OpenReportingMonth(int year, int month, std::string_view deadline,
                                          const AuditEntry& audit) = 0;
  // The deadlines of the months opened, by month; "" for a month opened before deadlines.
  virtual Result<std::map<int, std::string>> ReportingDeadlines(int year) = 0;
  // Moves an open month's deadline. NotFound when the month is not open.
  virtual Result<void> SetReportingDeadline(int year, int month, std::string_view deadline,
                                            const AuditEntry& audit) = 0;
  // The reports of a month: the owner section's for every initiative of the working sheet
  // (未着手 where none was begun), and each co-owning section's note that was begun; by No.,
  // the owner's first.
  virtual Result<std::vector<model::MonthReport>> LoadMonthReports(int year, int month) = 0;
  // Every report of the working sheet that was begun, with what was approved of it; of
  // initiative No. `no` only, when given.
  virtual Result<std::vector<model::ReportRecord>> ReportRecords(int year,
                                                                 std::optional<int> no) = 0;
  // Applies every transition or none, and writes `notices` with them. Each is audited.
  virtual Result<void> ApplyTransitions(int year, const std::vector<ReportTransition>& transitions,
                                        std::optional<std::int64_t> user_id,
                                        std::span<const Notice> notices = {}) = 0;

  // --- Publication ---

  // Freezes what is approved of the working sheet (model::ApprovedView) as a publication
  // dated `published_on` (YYYY-MM-DD).
  virtual Result<PublicationRecord> Publish(int year, std::string_view published_on,
                                            const AuditEntry& audit) = 0;
  // Newest first.
  virtual Result<std::vector<PublicationRecord>> Publications(int year) = 0;
  // Withdraws the publication `id` of `year` (取り下げ) with `reason`: it stays listed as
  // withdrawn, and the year's latest is again the newest one not withdrawn, for the pages and
  // the search alike. NotFound; Conflict when it is withdrawn already.
  virtual Result<PublicationRecord> WithdrawPublication(int year, std::int64_t id,
                                                        std::string_view reason,
                                                        const AuditEntry& audit) = 0;
  // Every publication: the newest year first, and in a year the newest first.
  virtual Result<std::vector<PublicationRecord>> AllPublications() = 0;
  // A number that every publication, withdrawal and renaming of the municipality raises, so
  // that what was read of them stays true while it stays the same. Asked of the database at
  // most every 200 ms unless such a change is made through this installation's store (of
  // any municipality) meanwhile: a public page asks it each time, and another server's
  // change may take that long to show; this process's shows at once.
  virtual Result<std::int64_t> PublicationStamp() = 0;

  // A number that every change of the municipality's data raises, once committed, but the
  // bookkeeping of sessions, sign-in attempts, second-factor steps, tokens' use, mail
  // delivery and security events: what was read of the rest stays true while it stays the
  // same. Asked of the database each time, so that it holds across several servers.
  virtual Result<std::int64_t> WorkspaceStamp() = 0;

  // --- Accounts ---

  // Conflict when the login is taken.
  virtual Result<std::int64_t> CreateUser(const UserRecord& user, const AuditEntry& audit) = 0;
  // Creates the user only while the municipality has no user at all, deciding in the same
  // transaction, so that of servers started together on a new database exactly one creates
  // the first administrator; nullopt when a user existed.
  virtual Result<std::optional<std::int64_t>> CreateFirstUser(const UserRecord& user,
                                                              const AuditEntry& audit) = 0;
  // By login as folded for matching (text::FoldForMatching): "Admin" finds "admin", and
  // CreateUser refuses "ＡＤＭＩＮ" when "admin" exists.
  virtual Result<std::optional<UserRecord>> FindUserByLogin(std::string_view login) = 0;
  virtual Result<std::optional<UserRecord>> FindUser(std::int64_t id) = 0;
  virtual Result<std::vector<model::User>> ListUsers() = 0;
  // Saves display name, role, sections, disabled and password hash of user.user.id.
  virtual Result<void> UpdateUser(const UserRecord& user, const AuditEntry& audit) = 0;
  // Creates (id 0) or updates each user, all or none, with the audit entries. Conflict when
  // a new login is taken.
  virtual Result<void> SaveUsers(const std::vector<UserRecord>& users,
                                 const std::vector<AuditEntry>& audits) = 0;

  // Sessions are stored by the hash of their token, never the token itself.
  virtual Result<void> CreateSession(std::string_view token_hash, const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(std::string_view token_hash) = 0;
  virtual Result<void> TouchSession(std::string_view token_hash, std::int64_t now) = 0;
  virtual Result<void> DeleteSession(std::string_view token_hash) = 0;
  virtual Result<void> DeleteSessionsOf(std::int64_t user_id) = 0;

  // --- Second factor ---

  // Writes the user's second factor. NotFound.
  virtual Result<void> SaveSecondFactor(std::int64_t user_id, const SecondFactorRecord& factor,
                                        const AuditEntry& audit) = 0;
  // Uses the user's TOTP time step `step`: false, and nothing written, when that step or a
  // later one was used already, so that no code serves twice (RFC 6238 section 5.2).
  virtual Result<bool> UseTotpStep(std::int64_t user_id, std::int64_t step) = 0;
  // Marks the user's unused recovery code `code_hash` used at `at` (Unix seconds): false
  // when there is no such unused code.
  virtual Result<bool> UseRecoveryCode(std::int64_t user_id, std::string_view code_hash,
                                       std::int64_t at, const AuditEntry& audit) = 0;
  // The stored forms of the user's recovery codes not yet used.
  virtual Result<std::vector<std::string>> UnusedRecoveryCodes(std::int64_t user_id) = 0;
  // Whether the municipality requires a second factor of its administrators and coordinators.
  virtual Result<bool> SecondFactorRequired() = 0;
  virtual Result<void> RequireSecondFactor(bool required, const AuditEntry& audit) = 0;

  // Failed logins, by a key naming the account or the address. A login attempt is claimed
  // before its password is checked: in one transaction, it is refused (false, nothing
  // written) when any key has `limit` failures at or after `since`, and otherwise counted a
  // failure under every key, marked `attempt`, until a success forgets it. So parallel
  // attempts never check more passwords than the limits allow.
  struct LoginLimit {
    std::string_view key;
    int limit = 0;
  };
  virtual Result<bool> ClaimLoginAttempt(std::span<const LoginLimit> limits, std::int64_t since,
                                         std::int64_t at, std::string_view attempt) = 0;
  virtual Result<void> ForgetLoginAttempt(std::string_view attempt) = 0;
  virtual Result<int> CountLoginFailures(std::string_view key, std::int64_t since) = 0;
  virtual Result<void> ClearLoginFailures(std::string_view key) = 0;

  // Bearer tokens for other systems, stored by hash.
  // `expires_at`: ISO 8601 UTC.
  virtual Result<void> CreateApiToken(std::string_view token_hash, std::int64_t user_id,
                                      std::string_view name, std::string_view expires_at,
                                      const AuditEntry& audit) = 0;
  virtual Result<std::optional<ApiTokenUse>> FindApiToken(std::string_view token_hash) = 0;
  // Notes the token's use at `now` (ISO 8601 UTC).
  virtual Result<void> TouchApiToken(std::string_view token_hash, std::string_view now) = 0;
  // A user's tokens, the newest first.
  virtual Result<std::vector<ApiTokenRecord>> ApiTokens(std::int64_t user_id) = 0;
  // NotFound when the user has no token `id`.
  virtual Result<void> RevokeApiToken(std::int64_t user_id, std::string_view id,
                                      const AuditEntry& audit) = 0;

  // --- Notifications and the mail outbox ---

  // The user's notifications, the newest first, at most `limit`.
  virtual Result<std::vector<NotificationRecord>> Notifications(std::int64_t user_id,
                                                                int limit) = 0;
  virtual Result<int> UnreadNotifications(std::int64_t user_id) = 0;
  // Marks the user's notification `id` read and returns it; nullopt when the user has none
  // of that id.
  virtual Result<std::optional<NotificationRecord>> ReadNotification(std::int64_t user_id,
                                                                     std::int64_t id) = 0;
  virtual Result<void> ReadAllNotifications(std::int64_t user_id) = 0;
  // Saves the user's mail address and the kinds mailed. NotFound.
  virtual Result<void> SaveMailPreferences(std::int64_t user_id,
                                           const model::MailPreferences& preferences,
                                           const AuditEntry& audit) = 0;
  // Writes `notices` unless notices were written under `key` before, deciding in the same
  // transaction, so that a scheduled reminder is sent once by whichever server comes first,
  // whatever restarts: false, and nothing written, when it was.
  virtual Result<bool> NotifyOnce(std::string_view key, std::span<const Notice> notices,
                                  std::int64_t at) = 0;
  // Claims up to `limit` pending mails due at `now` for `lease` seconds, marked `claim`, so
  // that of several senders (servers) each mail goes to one; a claim that lapses (its sender
  // died) frees the mail again.
  virtual Result<std::vector<MailRecord>> ClaimMail(std::int64_t now, std::int64_t lease, int limit,
                                                    std::string_view claim) = 0;
  // Records what became of a mail still claimed by `claim`; false when the claim had lapsed
  // and another sender took it.
  virtual Result<bool> FinishMail(std::int64_t id, std::string_view claim,
                                  const MailOutcome& outcome) = 0;
  // The held mails (for digests) created before `before`, by user and then age.
  virtual Result<std::vector<MailRecord>> HeldMail(std::int64_t before) = 0;
  // Replaces the held mails `ids` by the pending mail `digest`, all or none: false, and
  // nothing written, when one of them is no longer held (another server bundled it).
  virtual Result<bool> BundleMail(std::span<const std::int64_t> ids, const MailRecord& digest) = 0;
  // The newest `limit` mails of the outbox, and how many wait or failed.
  virtual Result<std::vector<MailRecord>> Mails(int limit) = 0;
  virtual Result<MailBacklog> CountMail() = 0;
  // Sends a failed mail again from `now`. NotFound when it is not a failed mail.
  virtual Result<void> RetryMail(std::int64_t id, std::int64_t now, const AuditEntry& audit) = 0;

  // --- Backup ---

  // Writes a consistent copy of the whole database to the new file `destination` while
  // other connections keep reading and writing, telling `progress` of the pages copied.
  // Conflict when `destination` exists.
  virtual Result<void> Backup(const std::string& destination,
                              const model::ProgressReport& progress) = 0;
  // Fills this database, which must hold no year and no user, from a backup file, and brings
  // its schema up to date.
  virtual Result<void> Restore(const std::string& source) = 0;

  // --- Security events ---

  // Records a security event of this municipality in a transaction of its own (a failed
  // sign-in writes nothing else; a change writes its event with its AuditEntry). Events
  // are never changed or deleted: the database refuses to.
  virtual Result<void> RecordSecurityEvent(const SecurityEvent& event) = 0;
  // This municipality's events that pass `filter`, the newest first.
  virtual Result<std::vector<SecurityEventRecord>> ListSecurityEvents(
      const SecurityEventFilter& filter) = 0;

  // --- Audit ---

  virtual Result<std::vector<AuditRecord>> ListAudit(const AuditFilter& filter) = 0;
  // Follows the municipality's audit chain from its first entry: each entry's number one
  // more than the last's, and its hash that of the last's hash and its own fields.
  virtual Result<AuditChainCheck> VerifyAuditChain() = 0;
};

// Opens the store a location names, applying pending migrations: a file path (SQLite, the
// file is created when missing), "sqlite:PATH", or postgresql://user@host:port/database.
Result<std::unique_ptr<Store>> OpenStore(std::string_view location);

// The database work of this process so far, for the server's metrics: transactions run
// (committed or not) and the time they took, waiting for a connection included.
struct DatabaseUse {
  std::uint64_t transactions = 0;
  double seconds = 0;
};
DatabaseUse DatabaseUseSoFar();

}  // namespace torikumi::store

#endif  // TORIKUMI_STORE_STORE_H_
