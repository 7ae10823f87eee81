#ifndef TORIKUMI_WEB_API_JSON_H_
#define TORIKUMI_WEB_API_JSON_H_

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/account.h"
#include "model/error.h"
#include "model/review.h"
#include "store/records.h"
#include "web/call.h"

namespace torikumi::web::api {

// The API's JSON: the records as the OpenAPI document (openapi.cc) describes them, and the
// reading of request bodies.

namespace json = boost::json;

Response JsonOk(const json::value& value, int status = 200);
// {"ok": true}: a change that has nothing more to say.
Response Done();

json::object SummaryJson(const store::InitiativeSummary& s);
json::object AuditJson(const store::AuditRecord& r);
json::array AuditListJson(const std::vector<store::AuditRecord>& records);
json::object ReportJson(const model::MonthReport& r);
json::object PublicationJson(const store::PublicationRecord& p);
json::array PublicationListJson(const std::vector<store::PublicationRecord>& publications);
json::object UserJson(const model::User& u);
json::array LevelsJson(const model::RatingScale& scale);

// The request's body: a JSON object of at most 1 MiB.
Result<json::object> Body(const Call& call);
// An integer field in [min, max]; InvalidInput names the field.
Result<std::int64_t> IntField(const json::object& o, std::string_view key, std::int64_t min = 1,
                              std::int64_t max = INT32_MAX);
// A string field, or "" when absent or not a string.
std::string StringField(const json::object& o, std::string_view key);
// ?month=, which the route needs.
Result<int> MonthOfQuery(const Call& call);

}  // namespace torikumi::web::api

#endif  // TORIKUMI_WEB_API_JSON_H_
