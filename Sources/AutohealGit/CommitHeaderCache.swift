#if canImport(Glibc)
import Glibc
#endif

/// What the line tracer needs of a commit: its tree, its parents in order and its committer time.
struct CommitHeader: Equatable {
    var tree: ObjectID
    var parents: [ObjectID]
    var time: Int64
}

/// autoheal's own table of commit headers, `<git-common-dir>/autoheal/commits.cache`, for the commits
/// git's commit-graph does not hold — in a fresh clone, all of them, until `git gc` or
/// `git maintenance` writes a graph. The line tracer notes every header it had to parse from a commit
/// object (``Repository/noteParsed(_:_:)``); once enough are new, they are merged into the file
/// (``Repository/saveCommitCache()``), and later traces over the same history look them up in the
/// mapped table instead of inflating each commit again.
///
/// Format, integers little-endian: `AHCC`, version (UInt32, 1), record count (UInt32), 4 reserved
/// bytes; a fan-out of 256 UInt32 (records whose id's first byte is at most i); then the records,
/// sorted by id, 96 bytes each: id, tree, first parent, second parent (zeros when absent), committer
/// time (Int64), parent count (0–2) and 7 bytes of padding. Octopus merges are not kept.
///
/// A file whose size or fan-out does not match its count is not used, and a commit missing from it is
/// read from its object. A new file is written beside the old one and renamed over it, so a reader never
/// sees half a file; deleting it costs only speed. Commits never change, so a record never goes stale.
final class CommitHeaderCache {
    /// The file's name inside `<git-common-dir>/autoheal/`.
    static let fileName = "commits.cache"
    static let headerSize = 16 + 256 * 4
    static let recordSize = 96
    private static let magic: [UInt8] = Array("AHCC".utf8)

    private let base: UnsafeRawPointer
    private let size: Int
    /// How many commits the file holds.
    let count: Int

    /// The cache at `path`, or `nil` when there is none or it does not check out.
    init?(path: String) {
        guard let mapped = MappedFile.map(path) else { return nil }
        guard let count = Self.check(mapped) else {
            MappedFile.unmap(mapped)
            return nil
        }
        (base, size, self.count) = (mapped.base, mapped.size, count)
    }

    deinit { MappedFile.unmap((base, size)) }

    /// The header of `id`, or `nil` when the file does not hold it.
    func header(_ id: ObjectID) -> CommitHeader? {
        guard let index = index(of: id) else { return nil }
        let record = base + Self.headerSize + index * Self.recordSize
        let parentCount = Int(record.load(fromByteOffset: 88, as: UInt8.self))
        guard parentCount <= 2 else { return nil }
        return CommitHeader(tree: ObjectID(bytesAt: record + 20),
                            parents: (0..<parentCount).map { ObjectID(bytesAt: record + 40 + 20 * $0) },
                            time: Int64(littleEndian: record.loadUnaligned(fromByteOffset: 80, as: Int64.self)))
    }

    /// The record of `id`: a binary search within the fan-out's range for its first byte.
    private func index(of id: ObjectID) -> Int? {
        let first = id.firstByte
        return id.index(among: first == 0 ? 0 : fanout(first - 1), fanout(first)) { base + Self.headerSize + $0 * Self.recordSize }
    }

    private func fanout(_ byte: Int) -> Int { Self.fanout(base, byte) }

    private static func fanout(_ base: UnsafeRawPointer, _ byte: Int) -> Int {
        Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 16 + byte * 4, as: UInt32.self)))
    }

    /// The record count, when the signature, version, size and fan-out all agree with it.
    private static func check(_ mapped: (base: UnsafeRawPointer, size: Int)) -> Int? {
        let (base, size) = mapped
        guard size >= headerSize, memcmp(base, magic, 4) == 0,
              UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) == 1 else { return nil }
        let count = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        guard size == headerSize + count * recordSize else { return nil }
        var previous = 0
        for byte in 0..<256 {
            let value = fanout(base, byte)
            guard value >= previous, value <= count else { return nil }
            previous = value
        }
        return previous == count ? count : nil
    }

    /// Writes the cache `old` (if any) merged with `new` to `path`: a complete file renamed into place.
    /// Headers with more than two parents are left out. Returns false when the file could not be written.
    static func write(_ new: [ObjectID: CommitHeader], mergingWith old: CommitHeaderCache?, to path: String) -> Bool {
        let added = new.filter { $0.value.parents.count <= 2 && old?.index(of: $0.key) == nil }
            .sorted { $0.key < $1.key }
        let oldCount = old?.count ?? 0
        let total = oldCount + added.count
        guard total <= Int(UInt32.max) else { return false }
        var out = [UInt8](repeating: 0, count: headerSize + total * recordSize)
        out.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            p.copyMemory(from: magic, byteCount: 4)
            p.storeBytes(of: UInt32(1).littleEndian, toByteOffset: 4, as: UInt32.self)
            p.storeBytes(of: UInt32(total).littleEndian, toByteOffset: 8, as: UInt32.self)
            var counts = [Int](repeating: 0, count: 256)
            var i = 0, j = 0
            for slot in 0..<total {
                let record = p + headerSize + slot * recordSize
                let takeOld: Bool
                if i == oldCount {
                    takeOld = false
                } else if j == added.count {
                    takeOld = true
                } else {
                    var raw = added[j].key.raw
                    takeOld = withUnsafeBytes(of: &raw) { memcmp(old!.base + headerSize + i * recordSize, $0.baseAddress!, 20) } < 0
                }
                if takeOld {
                    record.copyMemory(from: old!.base + headerSize + i * recordSize, byteCount: recordSize)
                    i += 1
                } else {
                    store(added[j].key, added[j].value, at: record)
                    j += 1
                }
                counts[Int(record.load(as: UInt8.self))] += 1
            }
            var running = 0
            for byte in 0..<256 {
                running += counts[byte]
                p.storeBytes(of: UInt32(running).littleEndian, toByteOffset: 16 + byte * 4, as: UInt32.self)
            }
        }
        return replace(path, with: out)
    }

    private static func store(_ id: ObjectID, _ header: CommitHeader, at record: UnsafeMutableRawPointer) {
        for (k, oid) in ([id, header.tree] + header.parents).enumerated() {
            var raw = oid.raw
            withUnsafeBytes(of: &raw) { record.advanced(by: 20 * k).copyMemory(from: $0.baseAddress!, byteCount: 20) }
        }
        record.storeBytes(of: header.time.littleEndian, toByteOffset: 80, as: Int64.self)
        record.storeBytes(of: UInt8(header.parents.count), toByteOffset: 88, as: UInt8.self)
    }

    /// Writes `bytes` to a new file beside `path` and renames it over `path`, creating the directory
    /// when missing.
    private static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return false }
        let dir = String(path[..<slash])
        if mkdir(dir, 0o777) != 0 && errno != EEXIST { return false }
        // A fresh name per writer (mkstemp), so two processes writing at once never share a file.
        var template = Array((path + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return false }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        fchmod(fd, 0o644)
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        guard close(fd) == 0, ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
