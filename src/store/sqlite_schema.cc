#include "store/sqlite_schema.h"

#include <array>

namespace torikumi::store::sqlite {
namespace {

constexpr std::array<std::string_view, 17> kMigrations{
    R"sql(
CREATE TABLE municipality (
  id INTEGER PRIMARY KEY,
  code TEXT UNIQUE,            -- 全国地方公共団体コード
  name TEXT NOT NULL DEFAULT ''
);
INSERT INTO municipality (id) VALUES (1);

CREATE TABLE fiscal_year (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  year INTEGER NOT NULL,
  UNIQUE (municipality_id, year)
);

-- A year's sheets: the one working sheet staff edit (published_on IS NULL) and its
-- publications, immutable copies made by Publish. Everything below hangs off a sheet.
CREATE TABLE sheet (
  id INTEGER PRIMARY KEY,
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id),
  published_on TEXT,
  published_at TEXT,
  published_by TEXT,
  CHECK ((published_on IS NULL) = (published_at IS NULL))
);
CREATE UNIQUE INDEX one_working_sheet ON sheet (fiscal_year_id) WHERE published_on IS NULL;

CREATE TABLE rating_level (
  sheet_id INTEGER NOT NULL REFERENCES sheet (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (sheet_id, position),
  UNIQUE (sheet_id, symbol)
);

CREATE TABLE department (
  id INTEGER PRIMARY KEY,
  sheet_id INTEGER NOT NULL REFERENCES sheet (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (sheet_id, name)
);

-- A section's department is NULL while it is known only as a co-owner (共同所管).
CREATE TABLE section (
  id INTEGER PRIMARY KEY,
  sheet_id INTEGER NOT NULL REFERENCES sheet (id) ON DELETE CASCADE,
  department_id INTEGER REFERENCES department (id),
  name TEXT NOT NULL,
  UNIQUE (sheet_id, name)
);

-- The plan hierarchy of the 総合計画: goal → policy → project → sub-project.
CREATE TABLE goal (
  id INTEGER PRIMARY KEY,
  sheet_id INTEGER NOT NULL REFERENCES sheet (id) ON DELETE CASCADE,
  number INTEGER,
  title TEXT NOT NULL
);
CREATE INDEX goal_by_sheet ON goal (sheet_id, title);

CREATE TABLE policy (
  id INTEGER PRIMARY KEY,
  goal_id INTEGER NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
  number INTEGER,
  title TEXT NOT NULL
);
CREATE INDEX policy_by_goal ON policy (goal_id, title);

CREATE TABLE project (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (policy_id, name)
);

CREATE TABLE subproject (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE initiative (
  id INTEGER PRIMARY KEY,
  sheet_id INTEGER NOT NULL REFERENCES sheet (id) ON DELETE CASCADE,
  no INTEGER NOT NULL,
  section_id INTEGER NOT NULL REFERENCES section (id),
  subproject_id INTEGER NOT NULL REFERENCES subproject (id),
  title TEXT NOT NULL,
  overview TEXT NOT NULL,
  rating TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (sheet_id, no)
);
CREATE INDEX initiative_by_section ON initiative (section_id);
CREATE INDEX initiative_by_subproject ON initiative (subproject_id);

-- months: a bit per fiscal month, bit 0 = April (model::MonthSet::bits).
CREATE TABLE period_goal (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  months INTEGER NOT NULL,
  target_rate REAL,
  text TEXT NOT NULL,
  PRIMARY KEY (initiative_id, position)
);

CREATE TABLE entry (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('plan', 'progress')),
  position INTEGER NOT NULL,
  months INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (initiative_id, kind, position)
);

CREATE TABLE co_owner (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  section_id INTEGER NOT NULL REFERENCES section (id),
  PRIMARY KEY (initiative_id, position)
);
CREATE INDEX co_owner_by_section ON co_owner (section_id);

-- Bigram tokens of each initiative's text (text::SearchTokens); rowid = initiative.id.
CREATE VIRTUAL TABLE initiative_search USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE app_user (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  login TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'coordinator', 'editor', 'viewer')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  UNIQUE (municipality_id, login)
);

-- An editor's sections, by name, so that assignments outlive one year's section rows.
CREATE TABLE user_section (
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  section_name TEXT NOT NULL,
  PRIMARY KEY (user_id, section_name)
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE login_failure (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failure_by_key ON login_failure (key, at);

CREATE TABLE api_token (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE reporting_month (
  fiscal_year_id INTEGER NOT NULL REFERENCES fiscal_year (id),
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  opened_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (fiscal_year_id, month)
);

-- An initiative's report for a month; no row means 未着手.
CREATE TABLE report (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
  comment TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_by INTEGER REFERENCES app_user (id),
  PRIMARY KEY (initiative_id, month)
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  user_id INTEGER REFERENCES app_user (id),
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX audit_by_object ON audit_log (object);
)sql",
    // 2: a year's publications by date, for finding each year's latest quickly.
    R"sql(
CREATE INDEX sheet_publications ON sheet (fiscal_year_id, published_on, id);
)sql",
    // 3: the initiatives of each year's latest publication marked, which is what the search
    // across municipalities looks in; FTS5 merges index segments once eight of a size
    // gather, not four: a sheet's import writes a segment, and the default merging took a
    // fifth of a national import's time.
    R"sql(
ALTER TABLE initiative ADD COLUMN in_latest_publication INTEGER NOT NULL DEFAULT 0;
UPDATE initiative SET in_latest_publication = 1 WHERE sheet_id IN (
  SELECT s.id FROM sheet s WHERE s.published_on IS NOT NULL AND s.id = (
    SELECT l.id FROM sheet l WHERE l.fiscal_year_id = s.fiscal_year_id
    AND l.published_on IS NOT NULL ORDER BY l.published_on DESC, l.id DESC LIMIT 1));
INSERT INTO initiative_search (initiative_search, rank) VALUES ('automerge', 8);
)sql",
    // 4: reports as records. A co-owning section's note is a row of its own, never text in
    // the owner's progress. A report is the owner section's (section_id NULL) or a note's,
    // each with its state, the reviewer's last comment, its last approval and what the public
    // may see of it while it is not approved (approved_content: model::EncodeEntries of the
    // owner's entries or the note's text; NULL when nothing of it may be published).
    R"sql(
CREATE TABLE note (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  section_id INTEGER NOT NULL REFERENCES section (id),
  text TEXT NOT NULL,
  PRIMARY KEY (initiative_id, position)
);
CREATE INDEX note_by_section ON note (section_id);
-- Notes as the workspace wrote them before: an owner's entry of one month whose text
-- begins 【co-owner】.
CREATE TEMPORARY TABLE old_note AS
SELECT e.initiative_id, e.kind, e.position, c.section_id,
       CASE e.months WHEN 1 THEN 4 WHEN 2 THEN 5 WHEN 4 THEN 6 WHEN 8 THEN 7 WHEN 16 THEN 8 WHEN 32 THEN 9 WHEN 64 THEN 10 WHEN 128 THEN 11 WHEN 256 THEN 12 WHEN 512 THEN 1 WHEN 1024 THEN 2 WHEN 2048 THEN 3 END AS month,
       substr(e.text, length(s.name) + 3) AS text
FROM entry e
JOIN co_owner c ON c.initiative_id = e.initiative_id
JOIN section s ON s.id = c.section_id
WHERE e.kind = 'progress' AND e.months IN (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)
  AND substr(e.text, 1, length(s.name) + 2) = '【' || s.name || '】';
INSERT INTO note (initiative_id, position, month, section_id, text)
SELECT initiative_id, position, month, section_id, text FROM old_note;
DELETE FROM entry WHERE EXISTS (SELECT 1 FROM old_note o WHERE o.initiative_id = entry.initiative_id
  AND o.kind = entry.kind AND o.position = entry.position);
DROP TABLE old_note;
CREATE TABLE report_record (
  id INTEGER PRIMARY KEY,
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  section_id INTEGER REFERENCES section (id),
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
  comment TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES app_user (id),
  approved_content TEXT,
  approved_rating TEXT,
  approved_at TEXT,
  approved_by INTEGER REFERENCES app_user (id)
);
CREATE UNIQUE INDEX report_key ON report_record (initiative_id, month, COALESCE(section_id, 0));
CREATE INDEX report_by_section ON report_record (section_id);
INSERT INTO report_record (initiative_id, month, state, comment, updated_at, updated_by,
                           approved_at, approved_by)
SELECT initiative_id, month, state, comment, updated_at, updated_by,
       CASE WHEN state = 'approved' THEN updated_at END,
       CASE WHEN state = 'approved' THEN updated_by END
FROM report;
DROP TABLE report;
ALTER TABLE report_record RENAME TO report;
)sql",
    // 5: an editor's sections belong to a fiscal year: year 0 holds the assignments of every
    // year that has none of its own, which a rename or merge in a year writes for it.
    R"sql(
CREATE TABLE user_assignment (
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  position INTEGER NOT NULL,
  section_name TEXT NOT NULL,
  PRIMARY KEY (user_id, year, section_name)
);
INSERT INTO user_assignment (user_id, year, position, section_name)
SELECT user_id, 0, position, section_name FROM user_section;
DROP TABLE user_section;
ALTER TABLE user_assignment RENAME TO user_section;
)sql",
    // 6: a publication may be withdrawn (取り下げ) with a reason, and stays listed as such;
    // an API token says when it was last used; a password an administrator reset is changed
    // at the next sign-in.
    R"sql(
ALTER TABLE sheet ADD COLUMN withdrawn_at TEXT;
ALTER TABLE sheet ADD COLUMN withdrawn_by TEXT;
ALTER TABLE sheet ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE api_token ADD COLUMN last_used_at TEXT;
ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
)sql",
    // 7: a rating level's meaning (ahead, on_track, behind, other), which colours it and
    // decides the behind list instead of its place in the scale. The default scale's
    // symbols get theirs; any other level is "other" until a coordinator says.
    R"sql(
ALTER TABLE rating_level ADD COLUMN meaning TEXT NOT NULL DEFAULT 'other';
UPDATE rating_level SET meaning = CASE symbol WHEN '↗' THEN 'ahead' WHEN '→' THEN 'on_track'
  WHEN '↘' THEN 'behind' ELSE 'other' END;
)sql",
    // 8: an initiative may have ended, completed or abolished (終了・廃止), with a reason; a
    // municipality counts its renamings, which change what every public page says.
    R"sql(
ALTER TABLE initiative ADD COLUMN ending TEXT;
ALTER TABLE initiative ADD COLUMN ending_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE municipality ADD COLUMN renamed INTEGER NOT NULL DEFAULT 0;
)sql",
    // 9: a login attempt is counted a failure from before its password is checked until it
    // succeeds, which forgets it by the attempt's own mark.
    R"sql(
ALTER TABLE login_failure ADD COLUMN attempt TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failure_by_attempt ON login_failure (attempt);
)sql",
    // 10: an API token expires; those issued before live a year from their issue.
    R"sql(
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
UPDATE api_token SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+365 days');
)sql",
    // 11: logins are compared folded (NFKC, case-folded: Admin = ＡＤＭＩＮ = admin), by a key
    // the store keeps up to date at every start; a user may have a second factor (TOTP, its
    // base32 secret, the one being enrolled, and the last time step used, which no code may
    // reuse) and single-use recovery codes, stored hashed; a session may wait for the second
    // factor; a municipality may require one of its administrators and coordinators.
    R"sql(
ALTER TABLE app_user ADD COLUMN login_key TEXT NOT NULL DEFAULT '';
UPDATE app_user SET login_key = lower(login);
CREATE INDEX app_user_by_login_key ON app_user (municipality_id, login_key);
ALTER TABLE app_user ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
CREATE TABLE recovery_code (
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (user_id, code_hash)
);
ALTER TABLE session ADD COLUMN second_factor_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE municipality ADD COLUMN second_factor_required INTEGER NOT NULL DEFAULT 0;
)sql",
    // 12: the audit log is a hash chain, each municipality's its own: an entry's number in
    // the chain (from 1) and the BLAKE2b of the previous entry's hash and its own fields, so
    // that a changed, removed or inserted entry shows (torikumi audit verify). Entries from
    // before have neither. Rows are never changed or deleted, which triggers enforce.
    R"sql(
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_chain ON audit_log (municipality_id, seq);
CREATE TRIGGER audit_log_never_changed BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log rows are never changed'); END;
CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log rows are never deleted'); END;
)sql",
    // 13: the security events (ASVS V7): sign-ins and their failures, lockouts, sign-outs,
    // changes of passwords, roles and second factors, API tokens issued, used and revoked,
    // and every request refused with 403; who, from where (the client's address), when and
    // what, never a secret. Each is a municipality's: every sign-in form and route belongs
    // to one (the root or /m/CODE/), whose store records it, so that even a failed sign-in
    // of a login that exists nowhere has its municipality. Like the audit log, rows are
    // only ever inserted, which triggers enforce; nothing prunes them.
    R"sql(
CREATE TABLE security_event (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  user_id INTEGER REFERENCES app_user (id),
  login TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_event_by_municipality ON security_event (municipality_id, id);
CREATE TRIGGER security_event_never_changed BEFORE UPDATE ON security_event
BEGIN SELECT RAISE(ABORT, 'security_event rows are never changed'); END;
CREATE TRIGGER security_event_never_deleted BEFORE DELETE ON security_event
BEGIN SELECT RAISE(ABORT, 'security_event rows are never deleted'); END;
)sql",
    // 14: notifications (お知らせ) and the mail outbox. A reporting month has a deadline
    // (提出期限). A user has a mail address and chooses the kinds mailed (a bit per
    // model::NoticeKind, all by default) and a daily digest. A notification is written in the
    // transaction of the change it tells of, and so is its mail, which the sender claims for
    // a while (claimed_until, claim) and marks sent or failed; a scheduled reminder is
    // written once under its key, whichever server comes first.
    R"sql(
ALTER TABLE app_user ADD COLUMN mail TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN mail_kinds INTEGER NOT NULL DEFAULT 255;
ALTER TABLE app_user ADD COLUMN mail_digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reporting_month ADD COLUMN deadline TEXT NOT NULL DEFAULT '';
CREATE TABLE notification (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  read_at INTEGER
);
CREATE INDEX notification_by_user ON notification (user_id, id);
CREATE TABLE mail (
  id INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  user_id INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('held', 'pending', 'sent', 'failed', 'bundled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  claim TEXT NOT NULL DEFAULT '',
  sent_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_by_state ON mail (municipality_id, state, next_attempt_at);
CREATE TABLE notified_once (
  municipality_id INTEGER NOT NULL REFERENCES municipality (id),
  notice_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (municipality_id, notice_key)
);
)sql",
    // 15: figures. An initiative's indicators (指標, KPI) in order, with their milestones
    // (targets by a period goal's last month) and monthly actuals; the 全体達成率 stated with
    // each month's owner report (achievement). What was approved of them is kept with the
    // report's approved_content (model::EncodeOwnerReport).
    R"sql(
CREATE TABLE indicator (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  kind TEXT NOT NULL CHECK (kind IN ('cumulative', 'monthly')),
  baseline REAL,
  baseline_year INTEGER NOT NULL DEFAULT 0,
  target REAL,
  final_target REAL,
  final_year INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (initiative_id, position),
  UNIQUE (initiative_id, name)
);
CREATE TABLE indicator_value (
  initiative_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('milestone', 'actual')),
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  value REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (initiative_id, position, kind, month),
  FOREIGN KEY (initiative_id, position) REFERENCES indicator (initiative_id, position)
    ON DELETE CASCADE
);
CREATE TABLE achievement (
  initiative_id INTEGER NOT NULL REFERENCES initiative (id) ON DELETE CASCADE,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  rate REAL NOT NULL,
  PRIMARY KEY (initiative_id, month)
);
)sql",
    // 16: a municipality counts the changes made to its data, which staff pages kept
    // between requests are read against.
    R"sql(
ALTER TABLE municipality ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
)sql",
    // 17: the search index in parts, an entry for each part of an initiative's text
    // (rowid = the initiative's id × 65536 + the part; sql::SearchEntry), so that a month's
    // report indexes its own part again rather than the whole initiative. The entries are
    // made by the server as it opens the database (every sheet listed in search_reindex):
    // the old ones cannot be split in SQL. Dropping the table is quicker than emptying it,
    // which FTS5 does a document at a time.
    R"sql(
DROP TABLE initiative_search;
CREATE VIRTUAL TABLE initiative_search USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO initiative_search (initiative_search, rank) VALUES ('automerge', 8);
CREATE TABLE search_reindex (sheet_id INTEGER PRIMARY KEY REFERENCES sheet (id) ON DELETE CASCADE);
INSERT INTO search_reindex (sheet_id) SELECT id FROM sheet;
)sql"};

}  // namespace

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace torikumi::store::sqlite
