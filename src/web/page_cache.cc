#include "web/page_cache.h"

namespace torikumi::web {

std::shared_ptr<const std::string> PageCache::Find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = pages_.find(key);
  return it == pages_.end() ? nullptr : it->second;
}

void PageCache::Keep(const std::string& key, const std::string& page) {
  std::lock_guard lock(mutex_);
  // Pages are many only when people filter and search; a full cache simply starts over.
  if (bytes_ + page.size() + key.size() > kMaxBytes) {
    pages_.clear();
    bytes_ = 0;
  }
  if (pages_.emplace(key, std::make_shared<const std::string>(page)).second)
    bytes_ += page.size() + key.size();
}

}  // namespace torikumi::web
