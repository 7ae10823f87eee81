#include "web/page_cache.h"

#include "web/metrics.h"

namespace torikumi::web {

std::shared_ptr<const Page> PageCache::Find(const std::string& key) {
  std::shared_ptr<const Page> page;
  {
    std::lock_guard lock(mutex_);
    if (auto it = pages_.find(key); it != pages_.end()) page = it->second;
  }
  Metrics::Process().CountPageCache(page != nullptr);
  return page;
}

std::shared_ptr<const Page> PageCache::Keep(const std::string& key, std::string html) {
  // Compressed outside the lock: other requests' pages go on being found meanwhile.
  auto page = std::make_shared<const Page>(std::move(html));
  const std::size_t size = page->html.size() + page->gzip.size() + key.size();
  std::lock_guard lock(mutex_);
  // Pages are many only when people filter and search; a full cache simply starts over.
  if (bytes_ + size > max_bytes_) {
    pages_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = pages_.emplace(key, page);
  if (inserted) bytes_ += size;
  return it->second;
}

}  // namespace torikumi::web
