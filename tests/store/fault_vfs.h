#ifndef TORIKUMI_TESTS_STORE_FAULT_VFS_H_
#define TORIKUMI_TESTS_STORE_FAULT_VFS_H_

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

namespace torikumi::testing {

// A SQLite VFS over the system's, injecting the faults SQLite's own tests inject
// (test/ioerr.test, test_vfs.c): the N-th write, sync or read fails with an I/O error, once
// or from then on; or the disk fills once files have grown by a number of bytes, when every
// growing write fails with SQLITE_FULL as the system's VFS reports ENOSPC. While a FaultVfs
// lives it is SQLite's default VFS, so each connection the store opens goes through it.
// Counters are atomic: the server's threads write through it too.
class FaultVfs {
 public:
  enum Operation : unsigned { kWrite = 1, kSync = 2, kRead = 4 };
  enum class Persistence { kOnce, kFromThenOn };

  FaultVfs() {
    real_ = sqlite3_vfs_find(nullptr);
    vfs_ = *real_;
    vfs_.szOsFile = int(sizeof(File)) + real_->szOsFile;
    vfs_.zName = "torikumi-fault";
    vfs_.pAppData = this;
    vfs_.xOpen = &Open;
    vfs_.xDelete = &Delete;
    sqlite3_vfs_register(&vfs_, 1);
  }
  ~FaultVfs() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(real_, 1);
  }
  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  // The `n`-th (from 1) of the operations in `kinds`, counted from now, fails.
  void FailNth(unsigned kinds, std::int64_t n, Persistence persistence) {
    kinds_ = kinds;
    persistent_ = persistence == Persistence::kFromThenOn;
    counted_ = 0;
    injected_ = 0;
    fail_at_ = n;
  }
  // The disk has `bytes` left; nullopt: as much as the real one.
  void SetSpace(std::optional<std::int64_t> bytes) {
    std::lock_guard lock(mutex_);
    space_ = bytes;
  }
  void Clear() {
    fail_at_ = 0;
    SetSpace(std::nullopt);
  }
  // How many operations were counted since FailNth, and how many failed.
  std::int64_t counted() const { return counted_; }
  std::int64_t injected() const { return injected_; }

 private:
  struct File {
    sqlite3_file base;
    FaultVfs* vfs;
    sqlite3_file* real;  // the system VFS's file, right after this struct
  };

  static FaultVfs& Of(sqlite3_file* file) { return *reinterpret_cast<File*>(file)->vfs; }
  static sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<File*>(file)->real; }

  // Whether this operation of kind `kind` is to fail.
  bool Fails(Operation kind) {
    if (fail_at_ == 0 || (kinds_ & kind) == 0) return false;
    const std::int64_t n = ++counted_;
    if (n == fail_at_ || (persistent_ && n > fail_at_)) {
      ++injected_;
      return true;
    }
    return false;
  }

  // Takes the room a write growing a file needs from the space left: false when the disk is
  // full. Shrinking and deleting files give room back.
  bool Grow(std::int64_t bytes) {
    std::lock_guard lock(mutex_);
    if (!space_ || bytes <= 0) return true;
    if (*space_ < bytes) return false;
    *space_ -= bytes;
    return true;
  }
  void Free(std::int64_t bytes) {
    std::lock_guard lock(mutex_);
    if (space_ && bytes > 0) *space_ += bytes;
  }

  static int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
                  int* out_flags) {
    auto* self = static_cast<FaultVfs*>(vfs->pAppData);
    auto* wrapper = reinterpret_cast<File*>(file);
    wrapper->vfs = self;
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = self->real_->xOpen(self->real_, name, wrapper->real, flags, out_flags);
    wrapper->base.pMethods = wrapper->real->pMethods ? &kMethods : nullptr;
    return rc;
  }
  static int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
    auto* self = static_cast<FaultVfs*>(vfs->pAppData);
    struct stat info {};
    const bool known = ::stat(name, &info) == 0;
    const int rc = self->real_->xDelete(self->real_, name, sync_dir);
    if (rc == SQLITE_OK && known) self->Free(info.st_size);
    return rc;
  }

  static int Close(sqlite3_file* file) { return Real(file)->pMethods->xClose(Real(file)); }
  static int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    if (Of(file).Fails(kRead)) return SQLITE_IOERR_READ;
    return Real(file)->pMethods->xRead(Real(file), buffer, amount, offset);
  }
  static int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    if (Of(file).Fails(kWrite)) return SQLITE_IOERR_WRITE;
    sqlite3_int64 size = 0;
    if (Real(file)->pMethods->xFileSize(Real(file), &size) != SQLITE_OK) size = 0;
    if (!Of(file).Grow(offset + amount - size)) return SQLITE_FULL;
    return Real(file)->pMethods->xWrite(Real(file), buffer, amount, offset);
  }
  static int Truncate(sqlite3_file* file, sqlite3_int64 size) {
    sqlite3_int64 before = 0;
    if (Real(file)->pMethods->xFileSize(Real(file), &before) != SQLITE_OK) before = size;
    if (!Of(file).Grow(size - before)) return SQLITE_FULL;
    const int rc = Real(file)->pMethods->xTruncate(Real(file), size);
    if (rc == SQLITE_OK) Of(file).Free(before - size);
    return rc;
  }
  static int Sync(sqlite3_file* file, int flags) {
    if (Of(file).Fails(kSync)) return SQLITE_IOERR_FSYNC;
    return Real(file)->pMethods->xSync(Real(file), flags);
  }
  static int FileSize(sqlite3_file* file, sqlite3_int64* size) {
    return Real(file)->pMethods->xFileSize(Real(file), size);
  }
  static int Lock(sqlite3_file* file, int lock) {
    return Real(file)->pMethods->xLock(Real(file), lock);
  }
  static int Unlock(sqlite3_file* file, int lock) {
    return Real(file)->pMethods->xUnlock(Real(file), lock);
  }
  static int CheckReservedLock(sqlite3_file* file, int* out) {
    return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
  }
  static int FileControl(sqlite3_file* file, int op, void* arg) {
    // SQLite's size hint grows the file ahead of the writes: the disk must have the room.
    if (op == SQLITE_FCNTL_SIZE_HINT) {
      sqlite3_int64 size = 0;
      if (Real(file)->pMethods->xFileSize(Real(file), &size) == SQLITE_OK &&
          !Of(file).Grow(*static_cast<sqlite3_int64*>(arg) - size)) {
        return SQLITE_FULL;
      }
    }
    return Real(file)->pMethods->xFileControl(Real(file), op, arg);
  }
  static int SectorSize(sqlite3_file* file) {
    return Real(file)->pMethods->xSectorSize(Real(file));
  }
  static int DeviceCharacteristics(sqlite3_file* file) {
    return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
  }
  static int ShmMap(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    return Real(file)->pMethods->xShmMap(Real(file), page, size, extend, out);
  }
  static int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
    return Real(file)->pMethods->xShmLock(Real(file), offset, n, flags);
  }
  static void ShmBarrier(sqlite3_file* file) { Real(file)->pMethods->xShmBarrier(Real(file)); }
  static int ShmUnmap(sqlite3_file* file, int delete_flag) {
    return Real(file)->pMethods->xShmUnmap(Real(file), delete_flag);
  }
  // No memory-mapped pages: every read goes through Read, where faults are injected.
  static int Fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
    *out = nullptr;
    return SQLITE_OK;
  }
  static int Unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

  static constexpr sqlite3_io_methods kMethods = {3,
                                                  &Close,
                                                  &Read,
                                                  &Write,
                                                  &Truncate,
                                                  &Sync,
                                                  &FileSize,
                                                  &Lock,
                                                  &Unlock,
                                                  &CheckReservedLock,
                                                  &FileControl,
                                                  &SectorSize,
                                                  &DeviceCharacteristics,
                                                  &ShmMap,
                                                  &ShmLock,
                                                  &ShmBarrier,
                                                  &ShmUnmap,
                                                  &Fetch,
                                                  &Unfetch};

  sqlite3_vfs* real_;
  sqlite3_vfs vfs_;
  std::atomic<unsigned> kinds_{0};
  std::atomic<bool> persistent_{false};
  std::atomic<std::int64_t> fail_at_{0};
  std::atomic<std::int64_t> counted_{0};
  std::atomic<std::int64_t> injected_{0};
  std::mutex mutex_;
  std::optional<std::int64_t> space_;  // guarded by mutex_
};

}  // namespace torikumi::testing

#endif  // TORIKUMI_TESTS_STORE_FAULT_VFS_H_
