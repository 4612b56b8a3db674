import Testing
@testable import PostMarkup

@Suite struct PostMarkupTests {
    @Test func plainTextPostsKeepParagraphsAndLineBreaks() {
        #expect(PostMarkup.html("We are investigating.\nMore soon.") == "<p>We are investigating.<br>\nMore soon.</p>")
        #expect(PostMarkup.html("One.\r\n\r\nTwo\rthree") == "<p>One.</p>\n<p>Two<br>\nthree</p>")
        #expect(PostMarkup.html("") == "")
        #expect(PostMarkup.plainText("One.\n\n\nTwo") == "One.\n\nTwo")
    }

    @Test func headingsBecomeH3AndH4() {
        #expect(PostMarkup.html("# Title") == "<h3>Title</h3>")
        #expect(PostMarkup.html("## Part ##") == "<h4>Part</h4>")
        #expect(PostMarkup.html("#### Deep") == "<h4>Deep</h4>")
        #expect(PostMarkup.html("#hashtag") == "<p>#hashtag</p>")
        #expect(PostMarkup.html("Text\n# Heading\nMore") == "<p>Text</p>\n<h3>Heading</h3>\n<p>More</p>")
    }

    @Test func lists() {
        #expect(PostMarkup.html("- a\n* b\n+ c") == "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>")
        #expect(PostMarkup.html("Plan:\n1. one\n2) two\n   still two") == "<p>Plan:</p>\n<ol>\n<li>one</li>\n<li>two<br>\nstill two</li>\n</ol>")
        // A year at the start of a line in prose is not a list.
        #expect(PostMarkup.html("It happened in\n2024. Again.") == "<p>It happened in<br>\n2024. Again.</p>")
        #expect(PostMarkup.html("- - -") == "<p>- - -</p>")
        #expect(PostMarkup.plainText("3. c\n4. d\n\n- x") == "3. c\n4. d\n\n- x")
    }

    @Test func inlineMarkup() {
        #expect(PostMarkup.html("*em* and **strong** and `a<b>`") == "<p><em>em</em> and <strong>strong</strong> and <code>a&lt;b&gt;</code></p>")
        #expect(PostMarkup.html("snake_case_name and 2 * 3 * 4") == "<p>snake_case_name and 2 * 3 * 4</p>")
        #expect(PostMarkup.html("**unclosed *em*") == "<p>**unclosed <em>em</em></p>")
        #expect(PostMarkup.html("*a **b* c**") == "<p><em>a **b</em> c**</p>")
        #expect(PostMarkup.html("\\*literal\\*") == "<p>*literal*</p>")
        #expect(PostMarkup.plainText("**Viktigt:** `kod` *här*") == "Viktigt: kod här")
    }

    @Test func onlySafeLinkSchemes() {
        #expect(PostMarkup.html("[blog](https://tech.example.com/a?b=1&c=2)")
                == "<p><a href=\"https://tech.example.com/a?b=1&amp;c=2\">blog</a></p>")
        #expect(PostMarkup.html("[mail](mailto:drift@example.com) <https://example.com>")
                == "<p><a href=\"mailto:drift@example.com\">mail</a> <a href=\"https://example.com\">https://example.com</a></p>")
        #expect(PostMarkup.html("[click](javascript:alert(1))") == "<p>[click](javascript:alert(1))</p>")
        #expect(PostMarkup.html("[x](data:text/html,hi) [y](/relative) <javascript:alert(1)>")
                == "<p>[x](data:text/html,hi) [y](/relative) &lt;javascript:alert(1)&gt;</p>")
        #expect(PostMarkup.html("[a [b](https://x.se)](https://y.se)") == "<p><a href=\"https://y.se\">a [b](https://x.se)</a></p>")
        #expect(PostMarkup.plainText("Read [the blog](https://tech.example.com/x) or <https://a.se>") == "Read the blog (https://tech.example.com/x) or https://a.se")
    }

    @Test func rawHTMLIsText() {
        #expect(PostMarkup.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(PostMarkup.html("# <img src=x onerror=alert(1)>") == "<h3>&lt;img src=x onerror=alert(1)&gt;</h3>")
        #expect(PostMarkup.html("[\"><b>x</b>](https://a.se/\"onclick)") == "<p>[&quot;&gt;&lt;b&gt;x&lt;/b&gt;](https://a.se/&quot;onclick)</p>")
        #expect(PostMarkup.plainText("<b>kept</b>") == "<b>kept</b>")
    }
}
