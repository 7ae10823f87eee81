#ifndef TORIKUMI_WEB_PAGE_CACHE_H_
#define TORIKUMI_WEB_PAGE_CACHE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "web/http.h"

namespace torikumi::web {

// Rendered public pages. A publication never changes, so a page of one, asked for by the
// same request, is the same page: it is rendered once and kept, up to a bound on memory.
class PageCache {
 public:
  // The page kept under `key`, or null.
  std::shared_ptr<const Page> Find(const std::string& key);
  // Keeps `html` (compressed besides) under `key`, and gives it.
  std::shared_ptr<const Page> Keep(const std::string& key, std::string html);

 private:
  static constexpr std::size_t kMaxBytes = 16u << 20;

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Page>> pages_;  // guarded by mutex_
  std::size_t bytes_ = 0;                                               // guarded by mutex_
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_PAGE_CACHE_H_
