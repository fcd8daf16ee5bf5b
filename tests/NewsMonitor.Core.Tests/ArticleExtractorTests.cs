using NewsMonitor.Extraction;

namespace NewsMonitor.Core.Tests;

public class ArticleExtractorTests
{
    private const string Page = """
        <!DOCTYPE html><html lang="vi"><head>
        <title>Hà Nội và Osaka ký kết hợp tác - Báo Mẫu</title>
        <meta property="og:site_name" content="Báo Mẫu">
        <meta property="og:title" content="Hà Nội và Osaka ký kết hợp tác">
        <link rel="canonical" href="https://baomau.vn/ha-noi-osaka-123.html">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Hà Nội và Osaka ký kết hợp tác","datePublished":"2025-10-30T14:05:00+07:00","author":{"@type":"Person","name":"Minh Anh"}}</script>
        </head><body>
        <header><nav><a href="/">Trang chủ</a><a href="/the-gioi">Thế giới</a><a href="/nhat-ban">Nhật Bản</a></nav></header>
        <div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/thoi-su">Thời sự</a></div>
        <div class="share-bar">Chia sẻ Facebook Zalo</div>
        <article class="detail">
          <p class="sapo">Sáng 30/10, Hà Nội và tỉnh Osaka (Nhật Bản) ký bản ghi nhớ hợp tác về y tế và giáo dục.</p>
          <p>Theo bản ghi nhớ, hai bên sẽ trao đổi chuyên gia, đào tạo nhân lực y tế và hợp tác nghiên cứu trong giai đoạn 2025-2030, với tổng kinh phí dự kiến 2 triệu USD.</p>
          <figure><img src="a.jpg"><figcaption>Lễ ký kết tại Hà Nội. Ảnh: TTXVN</figcaption></figure>
          <p>Đại diện Osaka cho biết tỉnh mong muốn mở rộng hợp tác sang lĩnh vực chuyển đổi số, đô thị thông minh và giao lưu văn hóa giữa người dân hai địa phương.</p>
          <p>Lễ ký kết có sự chứng kiến của đại diện Đại sứ quán Nhật Bản tại Việt Nam cùng lãnh đạo các sở, ngành của thành phố.</p>
          <div class="box-tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a href="/x">Lào và Campuchia tăng cường hợp tác biên giới</a></li><li><a href="/y">Ấn Độ phóng vệ tinh mới</a></li></ul></div>
        </article>
        <aside><h3>Đọc nhiều</h3><ul><li><a href="/z">Cuba kỷ niệm quốc khánh</a></li></ul></aside>
        <div class="comments"><h3>Ý kiến bạn đọc</h3><p>Bạn đọc Hùng: Tin rất hay, mong hai bên hợp tác hiệu quả hơn nữa trong thời gian tới.</p></div>
        <footer><p>Giấy phép số 123/GP-BTTTT. Bản quyền thuộc Báo Mẫu.</p></footer>
        </body></html>
        """;

    [Fact]
    public void Extract_ReadsMetadataFromJsonLdAndOpenGraph()
    {
        var a = new ArticleExtractor().Extract(Page);
        Assert.Equal("Hà Nội và Osaka ký kết hợp tác", a.Title);
        Assert.Equal(new DateTimeOffset(2025, 10, 30, 14, 5, 0, TimeSpan.FromHours(7)), a.PublishedAt);
        Assert.Equal("Minh Anh", a.Author);
        Assert.Equal("https://baomau.vn/ha-noi-osaka-123.html", a.CanonicalUrl);
        Assert.Equal("vi", a.Language);
    }

    [Fact]
    public void Extract_BodyWithoutChrome()
    {
        var a = new ArticleExtractor().Extract(Page);
        Assert.Equal(4, a.Paragraphs.Count);
        Assert.StartsWith("Sáng 30/10", a.Paragraphs[0]);
        var body = a.Body;
        foreach (var chrome in new[] { "Lào", "Campuchia", "Ấn Độ", "Cuba", "Ảnh: TTXVN", "Chia sẻ", "Bạn đọc Hùng", "Giấy phép", "Trang chủ" })
            Assert.DoesNotContain(chrome, body);
    }

    [Theory]
    [InlineData("Thứ năm, 30/10/2025, 14:05 (GMT+7)", "2025-10-30T14:05:00+07:00")]
    [InlineData("30/10/2025 - 14:05", "2025-10-30T14:05:00+07:00")]
    [InlineData("31/10/2025 08:30", "2025-10-31T08:30:00+07:00")]
    [InlineData("2025-10-30T14:05:00", "2025-10-30T14:05:00+07:00")]
    [InlineData("2025-10-30T07:05:00Z", "2025-10-30T07:05:00+00:00")]
    public void ParseDate_VietnameseAndIsoForms_AreVietnamTimeWhenNoZone(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArticleExtractor.ParseDate(text));

    [Fact]
    public void ParseDate_DayMonthOrder() => Assert.Equal(12, ArticleExtractor.ParseDate("05/12/2025")!.Value.Month);

    [Theory]
    [InlineData("Tiêu đề bài báo - VnExpress", "VnExpress", "Tiêu đề bài báo")]
    [InlineData("Tiêu đề | Báo Quốc tế", null, "Tiêu đề")]
    [InlineData("Việt Nam - Anh nâng cấp quan hệ lên Đối tác chiến lược toàn diện", null, "Việt Nam - Anh nâng cấp quan hệ lên Đối tác chiến lược toàn diện")]
    [InlineData("Hợp tác y tế Việt Nam - Anh", null, "Hợp tác y tế Việt Nam - Anh")]
    [InlineData("Thúc đẩy đầu tư Việt Nam - Hàn Quốc", "Báo Mẫu", "Thúc đẩy đầu tư Việt Nam - Hàn Quốc")]
    [InlineData("Tiêu đề - tuoitre.vn", null, "Tiêu đề")]
    public void StripSiteSuffix_RemovesOnlySiteNames(string title, string? site, string expected) =>
        Assert.Equal(expected, ArticleExtractor.StripSiteSuffix(title, site));

    [Fact]
    public void Extract_HostileMetadata_DoesNotThrow()
    {
        var a = new ArticleExtractor().Extract("""<html><head><script type="application/ld+json">{"@type":[5,"NewsArticle"],"headline":"H"}</script></head><body><span class="date">30/10/2025 14:05 (GMT+15)</span><p>x</p></body></html>""");
        Assert.Equal(TimeSpan.FromHours(7), a.PublishedAt!.Value.Offset);
    }

    [Fact]
    public void Extract_ThirtyThousandNestedDivs_FinishesQuickly()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 30_000)) + "<p>Đoạn văn bản ở tầng sâu nhất của trang, đủ dài để được coi là một đoạn văn.</p>" + string.Concat(Enumerable.Repeat("</div>", 30_000)) + "</body></html>";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var a = new ArticleExtractor().Extract(html);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.NotNull(a.Paragraphs);
        var page = HtmlPage.Parse(html);
        Assert.True(page.Flattened);
        Assert.True(page.Depth <= HtmlPage.MaxDepth);
        Assert.Contains("tầng sâu nhất", page.Body.InnerText()); // tags beyond the limit go, their text stays
    }

    [Fact]
    public void Extract_EmptyOrGarbage_ReturnsNoParagraphs()
    {
        Assert.Empty(new ArticleExtractor().Extract("").Paragraphs);
        Assert.Empty(new ArticleExtractor().Extract("\u0001\u0002binary\u0003").Paragraphs);
    }

    private static string Body(string inner) => "<html><body><div class=\"site\"><div class=\"menu\"><a href=\"/\">Trang chủ</a></div>" + inner + "</div></body></html>";

    private const string Prose = "Hai bên thống nhất đẩy mạnh hợp tác trong lĩnh vực y tế, giáo dục và khoa học công nghệ, đồng thời mở rộng trao đổi chuyên gia giữa các trường đại học.";

    [Fact]
    public void Extract_HiddenSchemaCopy_IsNotPartOfTheBody()
    {
        var a = new ArticleExtractor().Extract(Body($"""
            <div class="detail"><p>{Prose}</p><p>Đoàn công tác cũng thăm một số bệnh viện lớn của thành phố và làm việc với lãnh đạo sở y tế về đào tạo bác sĩ.</p></div>
            <div style="display: none" itemscope><div itemprop="datePublished">2025-10-30T14:05:00+07:00</div><div itemprop="articleBody">{Prose} {Prose}</div></div>
            <div hidden><p>Bản sao ẩn của bài viết, người đọc không nhìn thấy đoạn này trên trang nhưng nó dài như một đoạn văn.</p></div>
            """));
        Assert.Equal(2, a.Paragraphs.Count);
        Assert.DoesNotContain("2025-10-30", a.Body);
        Assert.DoesNotContain("Bản sao ẩn", a.Body);
    }

    [Fact]
    public void Extract_DataTable_KeepsRowsAsLines_AndLayoutTablesAsProse()
    {
        var a = new ArticleExtractor().Extract(Body($"""
            <div class="detail"><p>{Prose}</p><p>Bảng dưới đây tổng hợp số học bổng mà các trường đối tác dành cho sinh viên Việt Nam trong năm học tới.</p>
            <table><tr><th>Trường</th><th>Quốc gia</th><th>Suất</th></tr><tr><td>Đại học Manchester</td><td>Anh</td><td>12</td></tr><tr><td>Đại học Osaka</td><td>Nhật Bản</td><td>8</td></tr></table>
            <table class="tplCaption"><tr><td><img src="a.jpg"></td></tr><tr><td><p>Lễ trao học bổng tại Hà Nội. Ảnh: TTXVN</p></td></tr></table>
            <p>Danh sách chi tiết sẽ được công bố trên cổng thông tin của bộ trong tháng tới để sinh viên kịp chuẩn bị hồ sơ.</p></div>
            """));
        Assert.Contains("Trường Quốc gia Suất", a.Paragraphs);
        Assert.Contains("Đại học Manchester Anh 12", a.Paragraphs);
        Assert.Contains("Đại học Osaka Nhật Bản 8", a.Paragraphs);
        Assert.DoesNotContain("Ảnh: TTXVN", a.Body);
    }

    [Fact]
    public void Extract_LineBreaks_SeparateWords()
    {
        var a = new ArticleExtractor().Extract(Body($"""<div class="detail"><p>{Prose}</p><p>Lịch làm việc của đoàn:<br>Ngày 10/11 tại Hà Nội<br>Ngày 12/11 tại Đà Nẵng<br>Ngày 14/11 tại TP.HCM, kết thúc chuyến thăm.</p></div>"""));
        Assert.Contains("Ngày 10/11 tại Hà Nội", a.Paragraphs);
        Assert.Contains("Ngày 12/11 tại Đà Nẵng", a.Paragraphs);
        Assert.DoesNotContain("Hà NộiNgày", a.Body);
    }

    [Fact]
    public void Extract_DigestItemsWithLinkedHeadlines_AreContent_MenusAreNot()
    {
        var a = new ArticleExtractor().Extract(Body($"""
            <div class="detail"><p>{Prose}</p><p>Dưới đây là những tin chính trong ngày mà bạn đọc cần biết về hợp tác quốc tế của Việt Nam.</p>
            <ol><li><strong><a href="/a">Việt Nam và Anh ký thỏa thuận y tế</a>.</strong> Thỏa thuận mở đường cho việc đào tạo điều dưỡng và trao đổi dữ liệu nghiên cứu.</li>
            <li><strong><a href="/b">Hà Nội đón đoàn doanh nghiệp Nhật Bản</a>.</strong> Đoàn gồm 40 doanh nghiệp trong lĩnh vực chế tạo và năng lượng tái tạo.</li></ol>
            <ul><li><a href="/c">Thế giới</a></li><li><a href="/d">Kinh doanh</a></li><li><a href="/e">Giáo dục</a></li></ul></div>
            """));
        Assert.Contains(a.Paragraphs, p => p.StartsWith("Việt Nam và Anh ký thỏa thuận y tế. Thỏa thuận", StringComparison.Ordinal));
        Assert.Contains(a.Paragraphs, p => p.StartsWith("Hà Nội đón đoàn", StringComparison.Ordinal));
        Assert.DoesNotContain("Kinh doanh", a.Body);
    }

    [Fact]
    public void Extract_BodySplitIntoWrappedChunks_JoinsTheChunks()
    {
        static string Chunk(string text) => $"""<div class="grid"><div class="grid-item body"><p>{text}</p><p>{Prose}</p></div><div class="rail">Quảng cáo</div></div>""";
        var a = new ArticleExtractor().Extract(Body($"""
            <div class="chunks">
            {Chunk("Phần đầu: đoàn đại biểu Bộ Y tế Việt Nam đã có buổi làm việc với Cơ quan Dịch vụ Y tế Quốc gia Anh tại London trong ngày hôm qua.")}
            <div class="grid"><div class="ad">Quảng cáo</div></div>
            {Chunk("Phần hai: hai bên thảo luận về chương trình đào tạo điều dưỡng viên và việc công nhận lẫn nhau các chứng chỉ hành nghề y.")}
            </div>
            """));
        Assert.Contains(a.Paragraphs, p => p.StartsWith("Phần đầu", StringComparison.Ordinal));
        Assert.Contains(a.Paragraphs, p => p.StartsWith("Phần hai", StringComparison.Ordinal));
        Assert.DoesNotContain("Quảng cáo", a.Body);
    }

    [Theory]
    [InlineData("<h3 class=\"relatedpoststitle\">Có thể bạn quan tâm</h3>")]
    [InlineData("<div class=\"heading-h3\">More Great WIRED Stories</div>")]
    [InlineData("<h3>Você pode gostar...</h3>")]
    [InlineData("<h2>Tin liên quan:</h2>")]
    public void Extract_TeasersAfterARelatedHeading_AreDropped(string heading)
    {
        var a = new ArticleExtractor().Extract(Body($"""
            <div class="detail"><p>{Prose}</p><p>Đoàn công tác cũng thăm một số bệnh viện lớn của thành phố và làm việc với lãnh đạo sở y tế về đào tạo bác sĩ.</p>
            {heading}
            <div class="item"><p>Bài khác: Hàn Quốc và Việt Nam bàn về hợp tác năng lượng tái tạo, trong đó có điện gió ngoài khơi và lưu trữ điện.</p></div>
            <div class="item"><p>Bài khác: Australia cấp thêm học bổng cho sinh viên Việt Nam ngành kỹ thuật và khoa học dữ liệu.</p></div></div>
            """));
        Assert.Equal(2, a.Paragraphs.Count);
        Assert.DoesNotContain("Bài khác", a.Body);
    }
}
