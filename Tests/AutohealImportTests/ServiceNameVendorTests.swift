import AutohealCore
import AutohealImport
import Testing

/// Every incident tool's service follows the rule incident ids follow (``ServiceName``): a service
/// with whitespace at an end, or a character that does not show, made a second service that `report
/// --by service` and `review` printed exactly like the first. Each is refused at its JSON path.
@Suite struct ServiceNameVendorTests {
    /// `text` with its first `from` replaced, refused at the line the replacement is on.
    static func expectRefusedService(_ text: String, _ format: ImportFormat, replacing from: String, with to: String,
                                     _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = replacingFirst(from, with: to, in: text)
        expectRefused(bad, format, line: lineOf(to, in: bad), fragment, sourceLocation: sourceLocation)
    }

    @Test func pagerDutyServiceSummary() {
        Self.expectRefusedService(pagerDutyIncidents, .pagerduty, replacing: "\"summary\": \"checkout\"", with: "\"summary\": \"checkout \"",
                                  "service.summary: the service ends with whitespace (\"checkout \"), which a service name would print without: send \"checkout\"")
    }

    @Test func pagerDutyWebhookServiceSummary() {
        Self.expectRefusedService(pagerDutyWebhookLog, .pagerdutyWebhook, replacing: "\"summary\":\"orders-api\"", with: "\"summary\":\"orders\\u200b-api\"",
                                  "service.summary: the service holds U+200B (ZERO WIDTH SPACE), which does not show as itself (\"orders\\u{200B}-api\"): a service name must be visible text")
    }

    @Test func alertmanagerServiceLabel() {
        Self.expectRefusedService(alertmanagerLog, .alertmanager, replacing: "\"service\":\"orders-db\"", with: "\"service\":\"  \"",
                                  "alerts[1].labels.service: the service is only whitespace (\"  \")")
    }

    @Test func statuspagePageAndComponentNames() {
        Self.expectRefusedService(statuspageIncidents, .statuspage, replacing: "\"name\": \"Acme Cloud\"", with: "\"name\": \"Acme Cloud \"",
                                  "page.name: the service ends with whitespace")
        Self.expectRefusedService(statuspageIncidents, .statuspage, replacing: "\"name\": \"Checkout\"", with: "\"name\": \"Check\\u200bout\"",
                                  "components[0].name: the service holds U+200B")
    }

    @Test func opsgenieServices() {
        Self.expectRefusedService(opsgenieIncidents, .opsgenie, replacing: "\"service\": \"payments\"", with: "\"service\": \"payments\\u00a0\"",
                                  "extraProperties.service: the service ends with whitespace")
        Self.expectRefusedService(opsgenieIncidents, .opsgenie, replacing: "\"name\": \"search\"", with: "\"name\": \"se\\u200barch\"",
                                  "impactedServices[0].name: the service holds U+200B")
        // A bare service id (no extra property to win over it).
        let bare = replacingFirst("\"extraProperties\": {\"service\": \"payments\", \"region\": \"eu-west-1\"},", with: "", in: opsgenieIncidents)
        Self.expectRefusedService(bare, .opsgenie, replacing: "[\"9a0b7c21-3e45-4f8e-bb11-7a4c2d9e6f01\"]", with: "[\"\\u2003\"]",
                                  "impactedServices[0]: the service is only whitespace")
    }

    @Test func incidentIOCatalogEntry() {
        Self.expectRefusedService(incidentIOIncidents, .incidentio, replacing: "\"name\": \"orders-db\"", with: "\"name\": \"orders-db\\u2060\"",
                                  "value_catalog_entry.name: the service holds U+2060 (WORD JOINER)")
    }

    /// A service sent decomposed (`cafe` and a combining accent) arrives composed, the one spelling.
    @Test func decomposedServiceIsComposed() throws {
        let text = replacingFirst("\"service\":\"orders-db\"", with: "\"service\":\"cafe\\u0301\"", in: alertmanagerLog)
        let disk = try #require(only(try importText(text, .alertmanager), "am-0f3e9a77b21c8d45", .alertFired))
        #expect(disk.service.map { Array($0.utf8) } == Array("caf\u{E9}".utf8))
    }
}
