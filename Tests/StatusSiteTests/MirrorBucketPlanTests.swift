import Foundation
import StatusStore
import Testing
@testable import StatusSite

@Suite("Which objects a bucket is owed")
struct MirrorBucketPlanTests {
    static func object(_ key: String, _ hash: String) -> MirrorObjectContent {
        MirrorObjectContent(key: key, body: [1], sha256: hash, contentType: "text/html", cacheControl: nil, contentEncoding: nil)
    }

    @Test("only changed objects are uploaded, removed pages deleted, stale pending uploads cancelled")
    func plan() {
        let state = MirrorTargetState(
            stored: ["same": "h1", "changed": "old", "gone": "h3", "gone-pending-delete": "h4"],
            pending: ["queued-same": .some("h5"), "gone-pending-delete": String?.none, "never-stored": .some("h6")])
        let objects = [Self.object("same", "h1"), Self.object("changed", "new"), Self.object("queued-same", "h5"), Self.object("fresh", "h7")]
        let operations = MirrorBucketPlan.operations(for: objects, keeping: ["same", "changed", "queued-same", "fresh"], state: state)
        #expect(operations == [MirrorOperation.put(Self.object("changed", "new")), .put(Self.object("fresh", "h7")),
                               .delete(key: "gone"), .cancel(key: "never-stored")])
    }

    @Test("HTML, feeds and JSON are compressed; images and styles are not")
    func compressible() {
        for type in ["text/html; charset=utf-8", "application/json", "application/atom+xml; charset=utf-8", "application/rss+xml"] {
            #expect(MirrorBucket.isCompressible(type), "\(type)")
        }
        for type in ["image/svg+xml", "text/css; charset=utf-8", "image/png", "application/javascript"] {
            #expect(!MirrorBucket.isCompressible(type), "\(type)")
        }
    }

    @Test("s3://BUCKET/PREFIX is parsed and checked; anything else is a directory")
    func destination() throws {
        #expect(try MirrorDestination("s3://status-site/mirror/public/") == .bucket(name: "status-site", prefix: "mirror/public/"))
        #expect(try MirrorDestination("s3://status-site") == .bucket(name: "status-site", prefix: ""))
        #expect(try MirrorDestination("/srv/mirror") == .directory(URL(fileURLWithPath: "/srv/mirror")))
        for bad in ["s3://Bad_Bucket/x", "s3://ab/x", "s3://bucket/a/../b", "s3://bucket/a//b", "s3://bucket/a b"] {
            #expect(throws: MirrorDestination.Invalid.self, "\(bad)") { try MirrorDestination(bad) }
        }
    }
}
