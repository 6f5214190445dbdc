import AutohealCore
import AutohealImport
import Testing

@Suite struct AutoDetectionTests {
    @Test func nativeInputStaysNative() throws {
        let ndjson = """
        {"incident": "INC-7", "type": "alert.fired", "at": "2026-11-03T02:00:00Z", "service": "checkout"}
        {"incident": "INC-7", "type": "page.acknowledged", "at": "2026-11-03T02:10:00Z"}
        """
        #expect(try ImportFormat.detect(Array(ndjson.utf8), file: "x") == .autoheal)
        #expect(try importText(ndjson) == importText(ndjson, .autoheal))
        let array = "[{\"incident\": \"INC-7\", \"type\": \"alert.fired\", \"at\": \"2026-11-03T02:00:00Z\", \"service\": \"s\"}]"
        #expect(try importText(array).count == 1)
        #expect(try importText("").isEmpty)
        #expect(try importText("[]").isEmpty)
    }

    @Test func nativeErrorsAreReportedAsBefore() {
        let badSecondLine = """
        {"incident": "INC-7", "type": "alert.fired", "at": "2026-11-03T02:00:00Z", "service": "checkout"}
        {"incident": "INC-7", "type": "alert.fired", "at": "2026-11-03T02:00:00"}
        """
        expectRefused(badSecondLine, .auto, line: 2, "has no zone offset")
        expectRefused("{\"incident\": \"INC-7\", \"type\": \"alert.fired\"}", .auto, line: 1, "missing required field \"at\"")
        expectRefused("{\"incident\": ", .auto, line: 1, "unexpected end of input")
        expectRefused("garbage", .auto, line: 1, "unexpected character")
    }

    @Test(arguments: [
        (pagerDutyIncidents, ImportFormat.pagerduty), (pagerDutyWebhookLog, .pagerdutyWebhook), (alertmanagerLog, .alertmanager),
        (statuspageIncidents, .statuspage), (opsgenieIncidents, .opsgenie), (incidentIOIncidents, .incidentio),
    ])
    func everyVendorIsRecognised(_ text: String, _ format: ImportFormat) throws {
        #expect(try ImportFormat.detect(Array(text.utf8), file: "x") == format)
        #expect(try importText(text).map(\.event) == importText(text, format).map(\.event))
    }

    @Test func unknownShapesAreRefusedSayingWhatWasExpected() {
        expectRefused("{\n  \"tickets\": [{\"key\": \"OPS-1\"}]\n}", .auto, line: 1, "cannot tell the input's format: expected autoheal events")
        expectRefused("[\n  {\"foo\": 1}\n]", .auto, line: 2, "--format")
    }

    @Test func aVendorFormatRefusesAnotherVendorsPayload() {
        expectRefused(alertmanagerLog, .statuspage, line: 1, "expected an object with \"incidents\"")
    }
}
