// The public portal: publications only.

#include "web/pages.h"
#include "web/routing.h"

namespace torikumi::web {
namespace {

store::InitiativeFilter FilterOf(const Call& call) {
  store::InitiativeFilter filter;
  filter.department = call.Query("department");
  filter.section = call.Query("section");
  filter.goal = call.Query("goal");
  filter.policy = call.Query("policy");
  filter.rating = call.Query("rating");
  filter.query = call.Query("q");
  return filter;
}

Response MethodNotAllowed() {
  Response r = Response::Html(405, RenderErrorPage(405, "この操作はできません。"));
  r.headers.emplace_back("Allow", "GET, HEAD");
  return r;
}

// A file of a publication. A publication never changes: its files may be kept as long as
// anyone likes.
Response FileResponse(service::Download file) {
  Response r;
  r.content_type = file.content_type;
  r.body = std::move(file.bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
  r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

}  // namespace

std::optional<Response> HandlePortal(Services& services, const Call& call) {
  const auto& s = call.segments;
  if (!call.IsGet()) return MethodNotAllowed();
  auto published = services.portal.Current();
  if (!published) return ErrorPage(published.error());
  const std::vector<int>& years = (*published)->years;
  if (s.empty() || (s.size() == 1 && s[0].empty())) {
    if (years.empty()) return Response::Html(200, RenderNothingPublishedPage());
    return Response::Redirect("/" + std::to_string(years.front()) + "/");
  }
  if (s.size() == 1 && s[0] == "accessibility") {
    return Response::Html(200, RenderAccessibilityPage());
  }
  const std::optional<int> year = ParseNumber(s[0], 1900, 2999);
  if (!year) return std::nullopt;
  const std::string year_path = "/" + std::to_string(*year) + "/";
  if (s.size() == 1) {
    std::string location = year_path;
    if (const auto q = call.request.target.find('?'); q != std::string::npos) {
      location += call.request.target.substr(q);
    }
    return Response::Redirect(location, 301);
  }
  if (s.size() == 3 && s[1] == "publications" && s[2].empty()) {
    const auto publications = (*published)->Of(*year);
    if (publications.empty())
      return ErrorPage(Error::NotFound("この年度はまだ公開されていません。"));
    return Response::Html(200, RenderPublicationsPage(*year, years, publications));
  }
  // The rest: [publications/ID/] then "" (the list) or initiatives/NO.
  std::optional<std::int64_t> id;
  std::size_t rest = 1;
  if (s.size() >= 4 && s[1] == "publications") {
    const auto number = ParseNumber(s[2], 1, 1'000'000'000);
    if (!number) return NotFoundPage();
    id = *number;
    rest = 3;
  }
  auto publication = (*published)->Find(*year, id);
  if (!publication) return ErrorPage(publication.error());
  auto latest = (*published)->Find(*year, std::nullopt);
  if (!latest) return ErrorPage(latest.error());
  PortalContext context{*year, years, *publication, latest->id == publication->id,
                        id ? year_path + "publications/" + std::to_string(*id) + "/" : year_path};
  // What a page shows depends on the request, the publication, whether it is the latest,
  // and the years in the navigation; nothing else can change it.
  std::string cache_key = std::to_string(publication->id) + " " + std::to_string(latest->id) + " ";
  for (int y : years) cache_key += std::to_string(y) + ",";
  cache_key += " " + call.request.target;
  if (auto page = services.pages.Find(cache_key)) return Response::Kept(std::move(page));
  auto rendered = [&](std::string html) {
    PrefixLinks(html, call.prefix);
    return Response::Kept(services.pages.Keep(cache_key, std::move(html)));
  };
  if (s.size() == rest + 1 && s[rest].empty()) {
    const store::InitiativeFilter filter = FilterOf(call);
    if (filter.query.size() > 400) return ErrorPage(Error::InvalidInput("検索語が長すぎます"));
    auto list = services.portal.List(*publication, filter);
    if (!list) return ErrorPage(list.error());
    return rendered(RenderListPage(context, *list, filter));
  }
  if (s.size() == rest + 2 && s[rest] == "initiatives" && s[rest + 1].ends_with(".pdf")) {
    const std::string_view number = std::string_view(s[rest + 1]).substr(0, s[rest + 1].size() - 4);
    const std::optional<int> no = ParseNumber(number, 1, 1'000'000);
    if (!no) return NotFoundPage();
    auto pdf = services.portal.InitiativePdf(*publication, *no);
    if (!pdf) return ErrorPage(pdf.error());
    return FileResponse(std::move(*pdf));
  }
  if (s.size() == rest + 2 && s[rest] == "downloads") {
    if (s[rest + 1].empty()) {
      std::vector<std::pair<std::string, std::string>> files;
      for (const auto& format : service::DownloadFormats()) {
        files.emplace_back(service::PortalService::FileStem(*publication) + format.suffix,
                           format.label);
      }
      return rendered(RenderDownloadsPage(context, files, service::Licence()));
    }
    auto file = services.portal.File(*publication, s[rest + 1]);
    if (!file) return ErrorPage(file.error());
    return FileResponse(std::move(*file));
  }
  if (s.size() == rest + 2 && s[rest] == "initiatives") {
    const std::optional<int> no = ParseNumber(s[rest + 1], 1, 1'000'000);
    if (!no) return NotFoundPage();
    auto initiative = services.portal.Initiative(*publication, *no);
    if (!initiative) return ErrorPage(initiative.error());
    auto scale = services.portal.RatingScale(*publication);
    if (!scale) return ErrorPage(scale.error());
    return rendered(RenderInitiativePage(context, *initiative, *scale));
  }
  return NotFoundPage();
}

}  // namespace torikumi::web
