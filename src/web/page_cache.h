#ifndef TORIKUMI_WEB_PAGE_CACHE_H_
#define TORIKUMI_WEB_PAGE_CACHE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "web/http.h"

namespace torikumi::web {

// Rendered pages, kept under a key that names everything they show: a public page of a
// publication, which never changes, or a staff page of a session while the workspace is
// unchanged. Up to a bound on memory; beyond it everything is let go.
class PageCache {
 public:
  explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The page kept under `key`, or null.
  std::shared_ptr<const Page> Find(const std::string& key);
  // Keeps `html` (compressed besides) under `key`, and gives it.
  std::shared_ptr<const Page> Keep(const std::string& key, std::string html);

 private:
  const std::size_t max_bytes_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Page>> pages_;  // guarded by mutex_
  std::size_t bytes_ = 0;                                               // guarded by mutex_
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_PAGE_CACHE_H_
