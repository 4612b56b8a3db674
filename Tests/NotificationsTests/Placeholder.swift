import Testing
@testable import Notifications
@Test func moduleBuilds() { #expect(Bool(true)) }
