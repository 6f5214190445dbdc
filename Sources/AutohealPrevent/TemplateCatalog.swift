import Foundation

/// A template: its brief (Mustache), its manifest and where it came from.
public struct PreventionTemplate: Equatable, Sendable {
    /// Where a template was found.
    public enum Origin: String, Sendable, Equatable {
        /// Shipped inside the autoheal binary.
        case builtIn = "built-in"
        /// From the repository's `.autoheal/templates/`, adding a new name.
        case repository
        /// From the repository's `.autoheal/templates/`, replacing a built-in template of the same name.
        case repositoryOverride = "repository (overrides built-in)"
    }

    public var name: String
    public var brief: String
    public var manifest: TemplateManifest
    public var origin: Origin

    public init(name: String, brief: String, manifest: TemplateManifest, origin: Origin) {
        self.name = name
        self.brief = brief
        self.manifest = manifest
        self.origin = origin
    }
}

/// The templates available in a repository: the built-in ones, overridden or extended by the
/// repository's `.autoheal/templates/NAME/{brief.mustache,manifest.yml}`, and shared partials
/// (`_partials/NAME.mustache`, usable as `{{> NAME}}`).
public struct TemplateCatalog: Sendable {
    /// The default template when the root cause suggests nothing more specific.
    public static let defaultName = "regression-test"
    /// The built-in template names, in the order `autoheal templates` lists them.
    public static let builtInNames = ["regression-test", "guard", "alert-rule", "config-validation", "dependency-pin"]

    public private(set) var templates: [String: PreventionTemplate] = [:]
    /// Partials by name (without `.mustache`).
    public private(set) var partials: [String: String] = [:]

    /// The shipped templates only.
    public static func builtIn() throws(PreventError) -> TemplateCatalog {
        var c = TemplateCatalog()
        for (path, text) in EmbeddedTemplates.files {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "_partials", parts[1].hasSuffix(".mustache") {
                c.partials[String(parts[1].dropLast(".mustache".count))] = text
            } else if parts[1] == "brief.mustache" {
                let manifestText = EmbeddedTemplates.files[parts[0] + "/manifest.yml"] ?? ""
                let manifest = try TemplateManifest.parse(manifestText, file: "Templates/\(parts[0])/manifest.yml")
                c.templates[parts[0]] = PreventionTemplate(name: parts[0], brief: text, manifest: manifest, origin: .builtIn)
            }
        }
        return c
    }

    /// The built-in templates with a repository's `.autoheal/templates/` applied over them
    /// (`repositoryRoot` nil: built-in only).
    public static func load(repositoryRoot: String?) throws(PreventError) -> TemplateCatalog {
        var c = try builtIn()
        guard let root = repositoryRoot else { return c }
        let dir = root + "/.autoheal/templates"
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return c }
        // Every file is read only where it really lies inside the repository: a committed symbolic link
        // (to ~/.aws/credentials, say) would put that file into the brief, the MCP answer and a
        // scaffold file autoheal commits.
        let realRoot = Self.realPath(root) ?? root
        func read(_ path: String) throws(PreventError) -> String {
            guard let real = Self.realPath(path), real.hasPrefix(realRoot + "/"), !real.dropFirst(realRoot.count).hasPrefix("/.git/") else {
                throw PreventError("\(path): a symbolic link to somewhere outside the repository; templates are read only from the repository's own files", kind: .badInput)
            }
            return try Self.read(path)
        }
        for name in names.sorted() {
            let sub = dir + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: sub, isDirectory: &isDir), isDir.boolValue else { continue }
            if name == "_partials" {
                for file in (try? fm.contentsOfDirectory(atPath: sub)) ?? [] where file.hasSuffix(".mustache") {
                    c.partials[String(file.dropLast(".mustache".count))] = try read(sub + "/" + file)
                }
                continue
            }
            guard validName(name) else { continue }
            let briefPath = sub + "/brief.mustache", manifestPath = sub + "/manifest.yml"
            let existing = c.templates[name]
            let brief = fm.fileExists(atPath: briefPath) ? try read(briefPath) : existing?.brief
            guard let brief else {
                throw PreventError("\(briefPath): missing (a template needs a brief.mustache)", kind: .badInput)
            }
            let manifest: TemplateManifest
            if fm.fileExists(atPath: manifestPath) {
                manifest = try TemplateManifest.parse(try read(manifestPath), file: manifestPath)
            } else {
                manifest = existing?.manifest ?? TemplateManifest(purpose: "(no manifest.yml)")
            }
            c.templates[name] = PreventionTemplate(name: name, brief: brief, manifest: manifest,
                                                   origin: existing == nil ? .repository : .repositoryOverride)
        }
        return c
    }

    /// Template names: built-in order first, then the repository's own, alphabetically.
    public var names: [String] {
        Self.builtInNames.filter { templates[$0] != nil } + templates.keys.filter { !Self.builtInNames.contains($0) }.sorted()
    }

    /// The template `name`, or a usage error listing the available ones.
    public func template(_ name: String) throws(PreventError) -> PreventionTemplate {
        guard let t = templates[name] else {
            throw PreventError("no template \"\(name)\" (available: \(names.joined(separator: ", ")); autoheal templates lists them)", kind: .usage)
        }
        return t
    }

    /// Template folder names: lowercase letters, digits, `-`, `_`, `.`; not starting with `.` or `_`.
    static func validName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", first != "_" else { return false }
        return name.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// `path` with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func read(_ path: String) throws(PreventError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PreventError("\(path): cannot read the file", kind: .badInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PreventError("\(path): not UTF-8 text", kind: .badInput)
        }
        return text
    }
}
