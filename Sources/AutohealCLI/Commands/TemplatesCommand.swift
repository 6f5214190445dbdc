import ArgumentParser
import AutohealCore
import AutohealPrevent

/// `autoheal templates [NAME]`: the templates `prevent` can use, or one template's brief and manifest.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the preventive-fix templates (built-in and the repository's .autoheal/templates/).",
        discussion: "A folder .autoheal/templates/NAME/ with brief.mustache and manifest.yml overrides or adds a template.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Show this template's brief source and manifest.") var name: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ctx = try Context(global)
        let catalog: TemplateCatalog
        do { catalog = try TemplateCatalog.load(repositoryRoot: ctx.repository?.workdir) } catch { throw PreventCommand.cli(error) }
        if let name {
            let t: PreventionTemplate
            do { t = try catalog.template(name) } catch { throw PreventCommand.cli(error) }
            if output.json { Output.json(Self.json(t, full: true)) }
            else {
                var out = "\(t.name) (\(t.origin.rawValue)): \(t.manifest.purpose)\n\nAcceptance criteria:\n"
                for a in t.manifest.acceptance { out += "  - \(a)\n" }
                if !t.manifest.scaffold.isEmpty { out += "\nScaffold:\n" + t.manifest.scaffold.map { "  - \($0.path)\n" }.joined() }
                out += "\n--- brief.mustache ---\n" + t.brief
                Terminal.out(Self.visible(out))
            }
            return
        }
        let list = catalog.names.compactMap { catalog.templates[$0] }
        if output.json {
            Output.json(["templates": .array(list.map { Self.json($0, full: false) }), "default": .string(TemplateCatalog.defaultName)])
        } else {
            let width = list.map(\.name.count).max() ?? 0
            var out = ""
            for t in list {
                out += t.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + t.manifest.purpose
                out += (t.name == TemplateCatalog.defaultName ? " (default)" : "") + (t.origin == .builtIn ? "" : " [\(t.origin.rawValue)]") + "\n"
            }
            Terminal.out(Self.visible(out))
        }
    }

    /// Text from a repository's templates as a terminal should show it: its own line breaks and tabs kept,
    /// every other control character, C1 control and bidirectional override written as `\u{…}`
    /// (``VisibleText``), so a brief holding `ESC[31m` or `ESC]0;…` cannot colour or retitle the terminal.
    static func visible(_ text: String) -> String { VisibleText.keepingLineBreaks(text) }

    static func json(_ t: PreventionTemplate, full: Bool) -> JSONValue {
        var o: [String: JSONValue] = ["name": .string(t.name), "purpose": .string(t.manifest.purpose), "origin": .string(t.origin.rawValue),
                                      "default": .bool(t.name == TemplateCatalog.defaultName)]
        if full {
            o["acceptance"] = .array(t.manifest.acceptance.map { .string($0) })
            o["scaffold"] = .array(t.manifest.scaffold.map { .string($0.path) })
            o["brief"] = .string(t.brief)
        }
        return .object(o)
    }
}
