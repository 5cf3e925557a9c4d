#if canImport(Glibc)
import Glibc
#endif
#if canImport(CMalloc)
import CMalloc
#endif

/// Allocator settings for a command that builds large trees, reports once and exits (`specguard lint`).
///
/// glibc's defaults suit long-lived servers: blocks over 128 KB are mapped and unmapped one by one, heaps grow and
/// shrink in small steps, and every 4 KB page touched is a page fault of its own. A lint of a 1 MB spec allocates
/// some 20 MB in a few tens of milliseconds, and about a fifth of its CPU time was the kernel handing out pages.
/// `tune()` sets, for the whole process:
/// - blocks up to 32 MB (glibc's largest setting) come from the heap; heaps grow 64 MB at a time and are never
///   trimmed (the process exits soon; memory stays what the spec needs, as before);
/// - the main heap's next 64 MB, and the heap of every thread a `BackgroundJob` starts from then on, are advised
///   for transparent huge pages (`MADV_HUGEPAGE`; with the kernel's usual `madvise` setting that is the only way a
///   process gets them): one fault per 2 MB instead of 512. This is what glibc's `glibc.malloc.hugetlb=1` tunable
///   does, which can only be set in the environment before the process starts. A thread heap is made writable
///   whole (glibc opens it a few pages at a time, and a huge page needs a whole aligned 2 MB in one writable
///   mapping), and in each heap the rest of the first 2 MB (where glibc had already written with small pages) is
///   taken by a block kept for the run, so the blocks that follow start where huge pages can be used: a lint of
///   the Slack or OpenAI spec took about 2,000 page faults, now about 800 (400 of them the loader's relocations).
/// Servers (proxy, mock) never call it: their memory must be given back and stay small.
/// `SPECGUARD_MALLOC_TUNING=off` keeps glibc's defaults (to compare); `=report` prints what was set to standard
/// error, with the kernel's flags for the advised main-heap range.
public enum ShortRunMemory {
    /// glibc's per-thread heap size and alignment on 64-bit (`HEAP_MAX_SIZE`): a pointer from a thread's heap,
    /// rounded down to it, is that heap's start.
    static let threadHeapSize: UInt = 64 << 20
    static let hugePageSize: UInt = 2 << 20

    /// Set once by `tune()` before the threads it concerns are started (thread creation orders the write before
    /// their reads); read by every `BackgroundJob` thread.
    nonisolated(unsafe) private(set) static var advisesThreadHeaps = false
    /// `SPECGUARD_MALLOC_TUNING=report`: each thread heap advised is reported too (set with the flag above).
    nonisolated(unsafe) private static var reportsThreadHeaps = false

    /// Applies the settings; returns the bytes of main heap advised for huge pages (0 when off or unsupported).
    @discardableResult
    public static func tune() -> Int {
        #if canImport(Glibc) && os(Linux)
        let setting = getenv("SPECGUARD_MALLOC_TUNING").map { String(cString: $0) }
        if setting == "off" { return 0 }
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
        _ = mallopt(M_TOP_PAD, Int32(threadHeapSize))
        advisesThreadHeaps = true
        reportsThreadHeaps = setting == "report"
        // Grow the main heap now (a block larger than any free space at its top, plus the top pad), so the range
        // to advise exists; it is only address space until used. (`malloc_usable_size` uses the block, so the
        // optimizer cannot drop the malloc-free pair.)
        guard let start = sbrk(0).map({ UInt(bitPattern: $0) }), let block = malloc(16 << 20) else { return 0 }
        let usable = malloc_usable_size(block)
        free(block)
        guard usable >= 16 << 20, let end = sbrk(0).map({ UInt(bitPattern: $0) }), end > start else { return 0 }
        let first = (start + hugePageSize - 1) & ~(hugePageSize - 1)
        let last = end & ~(hugePageSize - 1)
        guard last > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return 0 }
        let advised = madvise(address, Int(last - first), MADV_HUGEPAGE) == 0
        // The freed block went back to the top of the heap, below `first`: the next large blocks (the spec's bytes
        // first) start at `first` once the space up to it is taken.
        if advised { fillUp(from: UInt(bitPattern: block), to: first) }
        if setting == "report" {
            let flags = advised ? vmFlags(containing: first) ?? "?" : "-"
            let line = "memory tuning: mmap threshold 32 MiB, top pad 64 MiB, no trimming; huge pages "
                + "\(advised ? "advised" : "not advised") on \((last - first) >> 20) MiB of the main heap (VmFlags: \(flags))\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        return advised ? Int(last - first) : 0
        #else
        return 0
        #endif
    }

    /// Advises the calling thread's heap for huge pages (from a `BackgroundJob` thread, after `tune()`).
    /// A block allocated here comes from this thread's arena; when that is the main heap (below the program
    /// break) there is nothing to do. A wrong guess costs nothing: the advice only changes how untouched
    /// anonymous memory is faulted in, and a range that is not mapped is refused.
    static func adviseThreadHeap() {
        #if canImport(Glibc) && os(Linux)
        guard let probe = malloc(64) else { return }
        let address = UInt(bitPattern: probe)
        free(probe)
        if let programBreak = sbrk(0).map({ UInt(bitPattern: $0) }), address < programBreak { return }
        let base = address & ~(threadHeapSize - 1)
        if let heap = UnsafeMutableRawPointer(bitPattern: base) {
            // glibc makes a thread heap readable and writable a few pages at a time as it grows; a huge page is only
            // used where a whole aligned 2 MB lies in one writable mapping, so without this the advice changed
            // nothing. Opening the heap's reserved range at once (it is only address space until touched; glibc's own
            // later opening of it is then a no-op, and nothing is trimmed in a run that tuned the allocator) lets
            // its faults be 2 MB ones.
            _ = mprotect(heap, Int(threadHeapSize), PROT_READ | PROT_WRITE)
            _ = madvise(heap, Int(threadHeapSize), MADV_HUGEPAGE)
            // The heap's first 2 MB already has small pages (glibc wrote the heap's header there before the advice):
            // everything allocated next starts past it once the rest of it is taken.
            fillUp(from: address, to: (address + hugePageSize) & ~(hugePageSize - 1))
            if reportsThreadHeaps {
                // The flags of the heap past its first 2 MB: writable (`wr`) and advised (`hg`) before glibc needs it.
                let line = "memory tuning: thread heap of \(threadHeapSize >> 20) MiB advised "
                    + "(VmFlags: \(vmFlags(containing: base + 4 * hugePageSize) ?? "?"))\n"
                _ = line.withCString { write(2, $0, strlen($0)) }
            }
        }
        #endif
    }

    /// Takes the heap from `address` (the top of the heap, where the next block would go) up to about `boundary`
    /// with a block kept for the life of the process: address space only, never touched past its header. Nothing
    /// when less than a page is left. (`malloc_usable_size` uses the block, so the optimizer cannot drop it.)
    private static func fillUp(from address: UInt, to boundary: UInt) {
        #if canImport(Glibc) && os(Linux)
        guard boundary > address + 4096, let block = malloc(Int(boundary - address) - 256) else { return }
        _ = malloc_usable_size(block)
        #endif
    }

    /// The `VmFlags` of `/proc/self/smaps` for the mapping that contains `address` (for the report only).
    static func vmFlags(containing address: UInt) -> String? {
        #if canImport(Glibc) && os(Linux)
        guard let file = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(file) }
        var inside = false
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
               let low = UInt(line[..<dash], radix: 16), let high = UInt(line[line.index(after: dash)..<space], radix: 16) {
                inside = low <= address && address < high
            } else if inside, line.hasPrefix("VmFlags:") {
                return String(line.dropFirst("VmFlags:".count).filter { $0 != "\n" }).trimmedSpaces
            }
        }
        #endif
        return nil
    }
}

private extension String {
    var trimmedSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
