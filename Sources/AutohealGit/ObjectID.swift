import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// A git object id (SHA-1), stored inline: hashable and comparable without touching libgit2 or the heap.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    private var w0: UInt64, w1: UInt64, w2: UInt32

    init(_ oid: git_oid) {
        var oid = oid
        (w0, w1, w2) = withUnsafeBytes(of: &oid.id) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    init(_ ptr: UnsafePointer<git_oid>) { self.init(ptr.pointee) }

    /// The id whose 20 raw bytes start at `p`.
    init(bytesAt p: UnsafeRawPointer) {
        (w0, w1, w2) = (p.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                        p.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                        p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// The first of the 20 bytes: the key of a fan-out table.
    var firstByte: Int { Int(w0.bigEndian >> 56) }

    /// Where this id is among the entries `low..<high` of a table sorted by id, whose entry `i` holds
    /// its 20 raw bytes at `idAt(i)` (git's commit-graph, autoheal's commit-header cache); `nil` when
    /// it is not there.
    func index(among low: Int, _ high: Int, idAt: (Int) -> UnsafeRawPointer) -> Int? {
        var raw = self.raw
        return withUnsafeBytes(of: &raw) { key -> Int? in
            var low = low, high = high
            while low < high {
                let mid = (low + high) / 2
                let c = memcmp(idAt(mid), key.baseAddress!, 20)
                if c == 0 { return mid }
                if c < 0 { low = mid + 1 } else { high = mid }
            }
            return nil
        }
    }

    /// Parses 40 hex digits; `nil` for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40 else { return nil }
        var oid = git_oid()
        var ok = true
        withUnsafeMutableBytes(of: &oid.id) { dst in
            var high: UInt8 = 0
            for (i, c) in hex.utf8.enumerated() {
                let v: UInt8
                switch c {
                case 48...57: v = c - 48
                case 97...102: v = c - 87
                case 65...70: v = c - 55
                default: ok = false; return
                }
                if i % 2 == 0 { high = v } else { dst[i / 2] = high << 4 | v }
            }
        }
        guard ok else { return nil }
        self.init(oid)
    }

    /// The libgit2 value.
    var raw: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { dst in
            dst.storeBytes(of: w0, toByteOffset: 0, as: UInt64.self)
            dst.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            dst.storeBytes(of: w2, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var oid = raw
        return withUnsafeBytes(of: &oid.id) { Array($0) }
    }

    /// The full 40-digit lowercase hex form.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first `n` hex digits.
    public func short(_ n: Int = 12) -> String { String(hex.prefix(n)) }

    /// True for the all-zero id.
    public var isZero: Bool { w0 == 0 && w1 == 0 && w2 == 0 }

    public var description: String { hex }

    /// Byte order, as git sorts ids (the words are compared as big-endian numbers, which is the order
    /// of their bytes).
    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.w0.bigEndian, a.w1.bigEndian, a.w2.bigEndian) < (b.w0.bigEndian, b.w1.bigEndian, b.w2.bigEndian)
    }
}
