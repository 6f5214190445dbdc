#if canImport(Glibc)
import Glibc
#endif

/// Read-only memory maps of whole files, for the binary tables the line tracer looks commits up in
/// (git's commit-graph, autoheal's commit-header cache).
enum MappedFile {
    /// The file at `path` mapped read-only, or `nil` when it cannot be opened or is empty.
    static func map(_ path: String) -> (base: UnsafeRawPointer, size: Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        return (UnsafeRawPointer(p), size)
    }

    /// Releases a mapping made by ``map(_:)``.
    static func unmap(_ mapped: (base: UnsafeRawPointer, size: Int)) {
        munmap(UnsafeMutableRawPointer(mutating: mapped.base), mapped.size)
    }

    /// A small text file's contents, or `nil` when it cannot be read.
    static func readText(_ path: String) -> String? {
        guard let mapped = map(path) else { return nil }
        defer { unmap(mapped) }
        return String(decoding: UnsafeRawBufferPointer(start: mapped.base, count: mapped.size), as: UTF8.self)
    }
}
