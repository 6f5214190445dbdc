import AutohealTestSupport
import CLibGit2
import CLibGit2Support
import Testing
@testable import AutohealGit

/// libgit2's start-up load of the system CA bundle is skipped (autoheal never uses TLS), while an
/// explicit certificate location still reaches mbedTLS.
@Suite(.serialized) struct CertificateDeferralTests {
    @Test func deferralSkipsLoadingAndOtherwiseForwardsToMbedTLS() throws {
        let fx = try FixtureRepo()
        _ = try fx.commit("A", files: ["a": "1\n"])
        _ = try Repository(at: fx.path)  // initialises libgit2, with the deferral on during git_libgit2_init

        // Not deferring: the call reaches mbedTLS, which cannot load a missing file.
        #expect(autoheal_git_set_ssl_cert_file("/nonexistent/autoheal-test-ca.pem") < 0)
        // Deferring: nothing is loaded and the call succeeds, as during git_libgit2_init.
        autoheal_defer_system_certificates(1)
        defer { autoheal_defer_system_certificates(0) }
        #expect(autoheal_git_set_ssl_cert_file("/nonexistent/autoheal-test-ca.pem") == 0)
    }
}
