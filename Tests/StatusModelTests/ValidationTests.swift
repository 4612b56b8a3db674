import Foundation
import Testing
@testable import StatusModel

@Suite("Validation of staff drafts")
struct ValidationTests {
    @Test func roles() {
        #expect(StaffRole.admin.allows(.manageComponents))
        #expect(StaffRole.editor.allows(.publish))
        #expect(!StaffRole.editor.allows(.manageUsers))
    }
}
