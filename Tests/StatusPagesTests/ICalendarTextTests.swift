import Foundation
import Testing
@testable import StatusPages

@Suite struct ICalendarTextTests {
    @Test func escapesTextValues() {
        #expect(ICalendarText.escaped("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng")
        #expect(ICalendarText.escaped("tab\there\u{7}") == "tabhere")
    }

    @Test func foldsAt75OctetsWithoutSplittingCharacters() {
        let line = "DESCRIPTION:" + String(repeating: "åäö€😀", count: 30)
        let folded = ICalendarText.folded(line)
        #expect(folded.hasSuffix("\r\n"))
        let lines = String(decoding: folded.utf8.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for (index, part) in lines.enumerated() {
            #expect(part.utf8.count <= 75)
            #expect(index == 0 || part.hasPrefix(" "))
            // Each physical line is valid UTF-8 on its own: no character was cut in two.
            #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
        }
        #expect(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        #expect(ICalendarText.folded("SHORT:x") == "SHORT:x\r\n")
    }

    @Test func utcTimes() {
        #expect(ICalendarText.utc(Date(timeIntervalSince1970: 1_792_886_400)) == "20261025T000000Z")
    }
}
