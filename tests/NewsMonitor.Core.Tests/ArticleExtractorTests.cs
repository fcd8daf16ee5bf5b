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
        var flat = HtmlDepthGuard.Flatten(html, out var flattened);
        Assert.True(flattened);
        Assert.True(HtmlDepthGuard.MaxNesting(flat) <= HtmlDepthGuard.MaxDepth);
        Assert.Contains("tầng sâu nhất", flat); // tags beyond the limit go, their text stays
    }

    [Fact]
    public void Extract_EmptyOrGarbage_ReturnsNoParagraphs()
    {
        Assert.Empty(new ArticleExtractor().Extract("").Paragraphs);
        Assert.Empty(new ArticleExtractor().Extract("\u0001\u0002binary\u0003").Paragraphs);
    }
}
