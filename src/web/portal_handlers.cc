// The public portal: publications only.

#include "web/errors.h"
#include "web/handlers.h"
#include "web/metrics.h"
#include "web/portal_pages.h"

namespace torikumi::web::portal {
namespace {

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

// The publication a page of /{year}/… or /{year}/publications/{id}/… shows, and where it
// stands.
struct Shown {
  std::shared_ptr<const service::Published> published;
  PortalContext context;
};

Result<Shown> ShownPublication(const Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, call.services.portal.Current());
  const std::optional<std::int64_t> id = call.id ? std::optional(call.id) : std::nullopt;
  TORIKUMI_ASSIGN_OR_RETURN(auto publication, published->Find(call.year, id));
  // A year whose publications were all withdrawn has no latest.
  const auto latest = published->Find(call.year, std::nullopt);
  const std::string year_path = "/" + std::to_string(call.year) + "/";
  const bool is_latest = latest && latest->id == publication.id;
  PortalContext context{call.year,
                        published->years,
                        std::move(publication),
                        is_latest,
                        id ? year_path + "publications/" + std::to_string(*id) + "/" : year_path,
                        published->municipality.name};
  return Shown{std::move(published), std::move(context)};
}

// Answers with `answer` for the publication shown, or 410 when it was withdrawn.
template <typename Answer>
Result<Response> WithPublication(const Call& call, Answer answer) {
  TORIKUMI_ASSIGN_OR_RETURN(const Shown shown, ShownPublication(call));
  if (shown.context.publication.Withdrawn()) {
    return Response::Html(410, RenderWithdrawnPage(shown.context));
  }
  return answer(shown);
}

// A page of a publication, kept once rendered: what it shows depends on the request, the
// publication, whether it is the latest, the years in the navigation and the municipality's
// name; nothing else can change it.
template <typename Render>
Result<Response> KeptPage(const Call& call, const Shown& shown, Render render) {
  const PortalContext& c = shown.context;
  std::string key = c.municipality + " " + std::to_string(c.publication.id) + " " +
                    (c.latest ? "latest " : "earlier ");
  for (int y : c.years) key += std::to_string(y) + ",";
  key += " " + call.request.target;
  if (auto page = call.services.pages.Find(key)) return Response::Kept(std::move(page));
  TORIKUMI_ASSIGN_OR_RETURN(std::string html, render());
  PrefixLinks(html, call.prefix);
  return Response::Kept(call.services.pages.Keep(key, std::move(html)));
}

// A document of the publication: sent at once when it was built before, else built on the
// server's document workers (Response::deferred), which keep the I/O threads answering.
template <typename Build>
Result<Response> Document(const Call& call, Result<std::optional<service::Download>> kept,
                          Build build) {
  if (!kept) return kept.error();
  if (*kept) return FileResponse(std::move(**kept));
  Response response;
  response.deferred = [build = std::move(build), prefix = std::string(call.prefix)] {
    Result<service::Download> built = build();
    if (built) return FileResponse(std::move(*built));
    Response error = ErrorPage(built.error());
    PrefixLinks(error.body, prefix);
    return error;
  };
  return response;
}

}  // namespace

Result<Response> Home(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, call.services.portal.Current());
  if (published->years.empty()) {
    return Page(RenderNothingPublishedPage(published->municipality.name));
  }
  return Response::Redirect("/" + std::to_string(published->years.front()) + "/");
}

Result<Response> Health(Call&) { return Response::Text(200, "ok\n"); }

Result<Response> ServerMetrics(Call& call) {
  // To anyone else, and under a municipality's prefix, the path does not exist.
  if (!call.prefix.empty() || !Metrics::Process().Allows(call.request.peer)) {
    return Error::NotFound("このページはありません");
  }
  Response r = Response::Text(200, Metrics::Process().Render());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

Result<Response> StyleSheetFile(Call&) {
  Response r = Response::Text(200, std::string(StyleSheet()));
  r.content_type = "text/css; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

Result<Response> WorkingScriptFile(Call&) {
  Response r = Response::Text(200, std::string(WorkingScript()));
  r.content_type = "text/javascript; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

Result<Response> Accessibility(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, call.services.portal.Current());
  return Page(RenderAccessibilityPage(published->municipality.name));
}

// Every municipality's publications: the installation's page, at its root only.
Result<Response> Search(Call& call) {
  if (!call.prefix.empty()) return NotFoundPage();
  const std::string q = call.Query("q");
  std::vector<store::PublishedHit> hits;
  if (!q.empty()) {
    TORIKUMI_ASSIGN_OR_RETURN(hits,
                              call.services.installation.SearchPublished(q, int(kSearchHitsShown)));
  }
  TORIKUMI_ASSIGN_OR_RETURN(auto municipalities, call.services.installation.Municipalities());
  return Page(RenderSearchPage(q, hits, municipalities));
}

Result<Response> YearWithoutSlash(Call& call) {
  std::string location = "/" + std::to_string(call.year) + "/";
  if (const auto q = call.request.target.find('?'); q != std::string::npos) {
    location += call.request.target.substr(q);
  }
  return Response::Redirect(location, 301);
}

Result<Response> Publications(Call& call) {
  TORIKUMI_ASSIGN_OR_RETURN(auto published, call.services.portal.Current());
  const auto publications = published->Of(call.year);
  if (publications.empty()) return Error::NotFound("この年度はまだ公開されていません。");
  return Page(RenderPublicationsPage(call.year, published->years, publications,
                                     published->municipality.name));
}

Result<Response> List(Call& call) {
  return WithPublication(call, [&](const Shown& shown) -> Result<Response> {
    return KeptPage(call, shown, [&]() -> Result<std::string> {
      const store::InitiativeFilter filter = call.Filter();
      if (filter.query.size() > 400) return Error::InvalidInput("検索語が長すぎます");
      TORIKUMI_ASSIGN_OR_RETURN(auto list,
                                call.services.portal.List(shown.context.publication, filter));
      return RenderListPage(shown.context, list, filter);
    });
  });
}

Result<Response> Initiative(Call& call) {
  return WithPublication(call, [&](const Shown& shown) -> Result<Response> {
    return KeptPage(call, shown, [&]() -> Result<std::string> {
      const auto& publication = shown.context.publication;
      TORIKUMI_ASSIGN_OR_RETURN(auto initiative,
                                call.services.portal.Initiative(publication, call.no));
      TORIKUMI_ASSIGN_OR_RETURN(auto scale, call.services.portal.RatingScale(publication));
      return RenderInitiativePage(shown.context, initiative, scale);
    });
  });
}

Result<Response> InitiativePdf(Call& call) {
  return WithPublication(call, [&](const Shown& shown) -> Result<Response> {
    service::PortalService& portal = call.services.portal;
    const store::PublicationRecord& publication = shown.context.publication;
    return Document(
        call, portal.KeptInitiativePdf(publication, call.no),
        [&portal, publication, no = call.no] { return portal.InitiativePdf(publication, no); });
  });
}

Result<Response> Downloads(Call& call) {
  return WithPublication(call, [&](const Shown& shown) -> Result<Response> {
    return KeptPage(call, shown, [&]() -> Result<std::string> {
      std::vector<std::pair<std::string, std::string>> files;
      for (const auto& format : service::DownloadFormats()) {
        files.emplace_back(
            service::PortalService::FileStem(shown.context.publication) + format.suffix,
            format.label);
      }
      return RenderDownloadsPage(shown.context, files, service::Licence());
    });
  });
}

Result<Response> DownloadFile(Call& call) {
  return WithPublication(call, [&](const Shown& shown) -> Result<Response> {
    service::PortalService& portal = call.services.portal;
    const store::PublicationRecord& publication = shown.context.publication;
    return Document(
        call, portal.KeptFile(publication, call.file),
        [&portal, publication, file = call.file] { return portal.File(publication, file); });
  });
}

}  // namespace torikumi::web::portal
