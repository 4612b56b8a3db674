import Foundation
import HTTPServer
import Notifications
import Outbound
import StatusModel
import TestSupport
import Testing

@Suite("Webhook transport address policy")
struct WebhookTransportTests {
    @Test("a delivery to a loopback receiver is a permanent failure with a clear reason unless private addresses are allowed")
    func loopbackDeliveries() throws {
        let hits = Shared(0)
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 1)) { _ in
            hits.withLock { $0 += 1 }
            return Response(status: 204)
        }
        try server.start()
        defer { server.stop() }
        let url = "http://localhost:\(server.port)/hook"

        let refusing = try PosterWebhookTransport(timeout: 5, addressPolicy: .globalOnly)
        guard case .permanentFailure(let reason) = refusing.post(url: url, body: Array("{}".utf8), headers: []) else {
            Issue.record("a loopback delivery was not a permanent failure")
            return
        }
        #expect(reason == "Refused: the webhook receiver localhost resolves to an address that is not public (loopback); "
            + "webhooks may only reach public addresses")
        #expect(hits.current == 0)

        let allowing = try PosterWebhookTransport(timeout: 5, addressPolicy: .anyAddress)
        guard case .delivered = allowing.post(url: url, body: Array("{}".utf8), headers: []) else {
            Issue.record("the allowed delivery did not arrive")
            return
        }
        #expect(hits.current == 1)
    }
}
