import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// Git's commit-graph file (`objects/info/commit-graph`, or the split chain under
/// `objects/info/commit-graphs/`), read-only: each commit's tree, parents and committer time without
/// inflating the commit object. `git gc` and `git maintenance` write it, and git's own blame reads it;
/// on a history walk of thousands of commits, inflating each commit is a large part of the work.
///
/// Format (gitformat-commit-graph, version 1, SHA-1): a header `CGPH`, version, hash version, chunk
/// count and base-graph count; a table of chunk ids and offsets; the chunks `OIDF` (fan-out), `OIDL`
/// (sorted ids), `CDAT` (per commit: tree id, two parent positions, generation and time) and, for
/// octopus merges, `EDGE`; and, when git wrote them (`--changed-paths`), `BIDX` and `BDAT`, a Bloom
/// filter per commit of the paths its first-parent diff touched. Positions count across the layers of
/// a split chain, base layer first.
///
/// A commit missing from the graph (written before it) is simply not found, and the caller reads the
/// commit itself. A file that does not parse, or whose positions point outside it, is not used at all.
final class CommitGraph {
    /// One mapped file of the chain.
    private struct Layer {
        let base: UnsafeRawPointer
        let size: Int
        let count: Int
        /// Commits in the layers before this one.
        let offset: Int
        let fanout: Int
        let ids: Int
        let data: Int
        let edges: Int?
        /// Changed-path Bloom filters (`BIDX`, `BDAT`), when the layer has them.
        let bloom: Bloom?
    }

    /// One layer's changed-path filters: per commit, which paths (and their leading directories) its
    /// diff against its first parent touched, as a Bloom filter (git's `--changed-paths`).
    struct Bloom {
        let index: Int
        /// Start of the filters' bytes (after BDAT's 12-byte header).
        let data: Int
        let dataEnd: Int
        let hashVersion: UInt32
        let hashCount: Int
    }

    private var layers: [Layer] = []
    private let total: Int

    /// The graph of the object directory `objects`, or `nil` when there is none (or it is unusable).
    /// `changedPaths: false` leaves its changed-path filters unread (git's `commitGraph.readChangedPaths`).
    init?(objects: String, changedPaths: Bool = true) {
        let info = objects + "/info"
        var files: [String] = []
        if access(info + "/commit-graph", R_OK) == 0 {
            files = [info + "/commit-graph"]
        } else if let chain = MappedFile.readText(info + "/commit-graphs/commit-graph-chain") {
            // One graph's hash per line, base first; anything else and the chain is not used.
            let hashes = chain.split(separator: "\n")
            guard hashes.allSatisfy({ $0.utf8.count == 40 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } })
            else { return nil }
            files = hashes.map { info + "/commit-graphs/graph-\($0).graph" }
        }
        guard !files.isEmpty else { return nil }
        var offset = 0
        for (k, file) in files.enumerated() {
            guard let mapped = MappedFile.map(file) else { return nil }
            guard let layer = Self.layer(mapped, offset: offset, expectedBases: k, changedPaths: changedPaths) else {
                MappedFile.unmap(mapped)
                return nil
            }
            layers.append(layer)
            offset += layer.count
        }
        total = offset
    }

    deinit { for l in layers { MappedFile.unmap((l.base, l.size)) } }

    /// Tree, parents and committer time of `id`, or `nil` when the graph does not hold it.
    func commit(_ id: ObjectID) -> CommitHeader? {
        guard let position = position(of: id) else { return nil }
        return commit(at: position)
    }

    private func commit(at position: Int) -> CommitHeader? {
        guard let (layer, local) = locate(position) else { return nil }
        let record = layer.data + local * 36
        let tree = ObjectID(bytesAt: layer.base + record)
        let first = word(layer.base, record + 20), second = word(layer.base, record + 24)
        let high = word(layer.base, record + 28), low = word(layer.base, record + 32)
        var parents: [ObjectID] = []
        if first != Self.none {
            guard let p = id(at: Int(first)) else { return nil }
            parents.append(p)
        }
        if second & 0x8000_0000 != 0 {
            // Octopus: the second and later parents are listed in EDGE from this index; the last one
            // has the top bit set.
            guard let edges = layer.edges else { return nil }
            var index = Int(second & 0x7FFF_FFFF)
            while true {
                let at = edges + index * 4
                guard at + 4 <= layer.size else { return nil }
                let edge = word(layer.base, at)
                guard let p = id(at: Int(edge & 0x7FFF_FFFF)) else { return nil }
                parents.append(p)
                if edge & 0x8000_0000 != 0 { break }
                index += 1
            }
        } else if second != Self.none {
            guard let p = id(at: Int(second)) else { return nil }
            parents.append(p)
        }
        return CommitHeader(tree: tree, parents: parents, time: Int64(high & 0x3) << 32 | Int64(low))
    }

    /// A path as the changed-path filters look it up: its two murmur3 hashes (git's seeds), computed
    /// once per path rather than once per commit.
    struct PathKey {
        let h0: UInt32
        let h1: UInt32
        let isASCII: Bool

        init(_ path: String) {
            let bytes = Array(path.utf8)
            h0 = CommitGraph.murmur3(seed: 0x293A_E76F, bytes)
            h1 = CommitGraph.murmur3(seed: 0x7E64_6E2C, bytes)
            isASCII = !bytes.contains { $0 >= 0x80 }
        }
    }

    /// True when git's changed-path filter says the path is certainly the same in `id` and its first
    /// parent (git's blame skips such commits the same way). False when it may have changed, when the
    /// graph has no filter for the commit (none written, or too many changes to keep one), and for a
    /// non-ASCII path under hash version 1, whose keys git computed from sign-extended bytes.
    func certainlyUnchanged(_ key: PathKey, in id: ObjectID) -> Bool {
        guard let position = position(of: id), let (layer, local) = locate(position), let bloom = layer.bloom else { return false }
        let end = Int(word(layer.base, bloom.index + local * 4))
        let start = local == 0 ? 0 : Int(word(layer.base, bloom.index + (local - 1) * 4))
        guard start < end, bloom.data + end <= bloom.dataEnd else { return false }
        if bloom.hashVersion == 1 && !key.isASCII { return false }
        let bits = UInt64(end - start) * 8
        for i in 0..<bloom.hashCount {
            let bit = UInt64(key.h0 &+ UInt32(truncatingIfNeeded: i) &* key.h1) % bits
            let byte = layer.base.load(fromByteOffset: bloom.data + start + Int(bit / 8), as: UInt8.self)
            if byte & (1 << (bit % 8)) == 0 { return true }
        }
        return false
    }

    /// MurmurHash3 (x86, 32-bit) over bytes, as git's bloom.c computes it (version 2; version 1 agrees
    /// on ASCII).
    static func murmur3(seed: UInt32, _ data: [UInt8]) -> UInt32 {
        let c1: UInt32 = 0xCC9E_2D51, c2: UInt32 = 0x1B87_3593
        var h = seed
        let blocks = data.count / 4
        for i in 0..<blocks {
            var k = UInt32(data[4 * i]) | UInt32(data[4 * i + 1]) << 8 | UInt32(data[4 * i + 2]) << 16 | UInt32(data[4 * i + 3]) << 24
            k = k &* c1
            k = k << 15 | k >> 17
            k = k &* c2
            h ^= k
            h = h << 13 | h >> 19
            h = h &* 5 &+ 0xE654_6B64
        }
        var k1: UInt32 = 0
        let tail = blocks * 4
        switch data.count & 3 {
        case 3:
            k1 ^= UInt32(data[tail + 2]) << 16
            fallthrough
        case 2:
            k1 ^= UInt32(data[tail + 1]) << 8
            fallthrough
        case 1:
            k1 ^= UInt32(data[tail])
            k1 = k1 &* c1
            k1 = k1 << 15 | k1 >> 17
            k1 = k1 &* c2
            h ^= k1
        default:
            break
        }
        h ^= UInt32(truncatingIfNeeded: data.count)
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// "No parent" in a CDAT parent field.
    private static let none: UInt32 = 0x7000_0000

    /// The position of `id` across the chain (binary search in each layer's ids, narrowed by its
    /// fan-out), newest layer last as git orders them.
    private func position(of id: ObjectID) -> Int? {
        let first = id.firstByte
        for layer in layers {
            let low = first == 0 ? 0 : Int(word(layer.base, layer.fanout + (first - 1) * 4))
            let high = Int(word(layer.base, layer.fanout + first * 4))
            guard low <= high, high <= layer.count else { return nil }
            if let local = id.index(among: low, high, idAt: { layer.base + layer.ids + $0 * 20 }) { return layer.offset + local }
        }
        return nil
    }

    private func id(at position: Int) -> ObjectID? {
        guard let (layer, local) = locate(position) else { return nil }
        return ObjectID(bytesAt: layer.base + layer.ids + local * 20)
    }

    private func locate(_ position: Int) -> (Layer, Int)? {
        guard position >= 0, position < total else { return nil }
        for layer in layers where position < layer.offset + layer.count { return (layer, position - layer.offset) }
        return nil
    }

    private func word(_ base: UnsafeRawPointer, _ at: Int) -> UInt32 { UInt32(bigEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }

    /// Parses and checks one file: signature, version 1, SHA-1, the base count its place in the chain
    /// implies, the three required chunks inside the file and of the sizes the commit count implies.
    private static func layer(_ mapped: (UnsafeRawPointer, Int), offset: Int, expectedBases: Int, changedPaths: Bool) -> Layer? {
        let (base, size) = mapped
        guard size >= 8, memcmp(base, "CGPH", 4) == 0, base.load(fromByteOffset: 4, as: UInt8.self) == 1,
              base.load(fromByteOffset: 5, as: UInt8.self) == 1,
              Int(base.load(fromByteOffset: 7, as: UInt8.self)) == expectedBases else { return nil }
        let chunkCount = Int(base.load(fromByteOffset: 6, as: UInt8.self))
        let table = 8
        guard table + (chunkCount + 1) * 12 <= size else { return nil }
        var chunks: [UInt32: (start: Int, end: Int)] = [:]
        for k in 0..<chunkCount {
            let entry = table + k * 12
            let id = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: entry, as: UInt32.self))
            let start = Int(UInt64(bigEndian: base.loadUnaligned(fromByteOffset: entry + 4, as: UInt64.self)))
            let end = Int(UInt64(bigEndian: base.loadUnaligned(fromByteOffset: entry + 16, as: UInt64.self)))
            guard start <= end, end <= size else { return nil }
            chunks[id] = (start, end)
        }
        guard let fanout = chunks[0x4F49_4446], let ids = chunks[0x4F49_444C], let data = chunks[0x4344_4154],
              fanout.end - fanout.start == 256 * 4 else { return nil }
        let count = Int(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: fanout.start + 255 * 4, as: UInt32.self)))
        guard ids.end - ids.start == count * 20, data.end - data.start == count * 36 else { return nil }
        var bloom: Bloom? = nil
        if changedPaths, let index = chunks[0x4249_4458], let filters = chunks[0x4244_4154], index.end - index.start == count * 4,
           filters.end - filters.start >= 12 {
            let version = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: filters.start, as: UInt32.self))
            let hashes = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: filters.start + 4, as: UInt32.self))
            if version == 1 || version == 2, (1...32).contains(hashes) {
                bloom = Bloom(index: index.start, data: filters.start + 12, dataEnd: filters.end, hashVersion: version,
                              hashCount: Int(hashes))
            }
        }
        return Layer(base: base, size: size, count: count, offset: offset, fanout: fanout.start, ids: ids.start,
                     data: data.start, edges: chunks[0x4544_4745]?.start, bloom: bloom)
    }
}
