"""The theme's CSS selectors, by page kind: the one file to edit when a theme changes.

Data only. Each name is a tuple tried in order (the first that matches wins, unless a comment
says all are read), or a compiled pattern for the text of a heading that opens a block. No
selector is required: the real site's HTML is unknown (SITE.md), so each tuple mixes the
markups seen in the replica (the root theme of 2018 on, the classic /wordpress/ theme, the
pre-2013 portal) with the standard WordPress and schema.org forms, and the extractors combine
several signals (meta tags, time[datetime], body classes, visible text, the URL) so that
losing one still leaves the others.

Patterns about language rather than markup stay beside the code that reads them: date lines,
dates and kinds of publications in pubtext.py, agency names and acronyms in agencies.py, join
announcements in joins.py, dates of posts in dates.py.

Selectors that do not depend on a theme live with their code too: link discovery (`a[href]`,
`link[rel][href]`, `base[href]`) in scraper/discover.py; JSON-LD and microdata
(`script[type='application/ld+json']`, `[itemscope][itemtype]`, `[itemprop]`) in
structured.py; stylesheet links for a page's fingerprint in templates.py; the plain `a[href]`,
`a`, `img` and `table` walks of clean.py, news.py, members.py and generic.py. The selectors
learned for each design are data, in the `templates` table (templates.py).
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# post pages (/?p=N, /wordpress/?p=N) and portal items (/news/YYYY-MM-DD)
# ---------------------------------------------------------------------------------------------

# The element holding one post: its title, date and body. On a page with several, the one
# whose id names the post (article#post-N) is preferred.
POST_SCOPE = (
    "article[id^='post-']",
    "article.hentry",
    ".hentry",
    "article",
    "[itemtype*='Article']",
    ".portlet-journal-content",  # the portal's "Web Content Display" portlet
    "div[class*='article']",  # root theme: div.gse-article
    "main",
    "[role='main']",
    "#content",
    "#main",
)

# The post's own text inside the scope. No match is a problem: the page is not read.
POST_BODY = (
    "[itemprop='articleBody']",
    ".entry-content",
    ".post-content",
    ".news-body",
    ".article-body",
    ".journal-content-article",
    ".gh-content",  # Ghost's, a <section> after its byline's "byline-meta-content"
    "div[class*='entry-content']",
    "div[class*='post-content']",  # also Gutenberg block themes: .wp-block-post-content
    "div[class*='article-content']",
    "div[class*='article-body']",
    "div[class*='post-body']",
    "div[class*='news-body']",
    "div[class*='-body']",
    "div[class*='content']",
)

# Containers that are never part of the post, wherever they sit: navigation, sidebars and
# widgets ("Latest news", "Recent Posts"), previous/next links, sharing and related posts.
NOT_POST = (
    "nav",
    "aside",
    "[role='navigation']",
    "[role='complementary']",
    # WordPress's widgets and their areas; not a page builder's widgets, which are the post
    # (Elementor's "elementor-widget-*", SiteOrigin's "so-panel widget").
    ".widget:not(.so-panel)",
    "[class*='widget_']:not(.so-panel)",  # widget_text, widget_recent_entries
    "[class*='widget-area']",
    "[class*='widgets']",
    "[class*='footer-widget']",
    "[class*='et_pb_widget']",  # Divi's sidebar widgets
    "#sidebar",
    "[class*='sidebar']",
    "[class*='navigation']",
    "[class*='nav-links']",
    "[class*='related']",
    "[class*='share']",
    "[class*='sharing']",
    "[class*='social']",
    "[class*='comments']",
    "[class*='commentlist']",  # WordPress's older themes: <ol class="commentlist">
    "[class*='comment-list']",
    # whole class words in any case: Kentico's "CommentsSection", ASP.NET's "CommentList"
    # (not as part of a word: a byline classed "ShowComments" is the post's, review 50)
    "[class~='comments' i]",
    "[class~='commentssection' i]",
    "[class~='commentlist' i]",
    "[class~='commentslist' i]",
    "[class~='replies' i]",  # a forum's or a blog's replies under the post (helper-205)
    "#comments",
    "[class~='ccm-conversation-wrapper']",  # Concrete CMS's comments ("conversations")
    "[class*='breadcrumb']",
    ".site-header",
    ".site-footer",
    ".site-title",
    ".site-description",
    ".screen-reader-text",
)

# Title headings, inside the scope. Matches inside the body count only before its first prose
# (the portal prints the title inside its content block); the generic h1/h2 never do there.
POST_TITLE = (
    "[itemprop='headline']",
    ".entry-title",
    ".post-title",
    ".news-title",
    ".article-title",
    "h1[class*='title']",
    "h2[class*='title']",
    "[class*='headline']",
    ".news-head",  # the portal: p.news-head > b
)
POST_TITLE_GENERIC = ("header h1", "h1", "header h2", "h2")
OG_TITLE = (
    "meta[property='og:title']",
    "meta[name='twitter:title']",
    "meta[name='title']",
    "meta[name='dc.title']",
    "meta[name='DC.title']",
)
DOC_TITLE = ("head title", "title")
SITE_NAME = ("meta[property='og:site_name']", "meta[name='application-name']")
SITE_TITLE = (".site-title", "#site-title")  # the theme's header: the blog's name
FEED_LINKS = (
    "link[rel='alternate'][type*='rss'][title]",
    "link[rel='alternate'][type*='atom'][title]",
)

# Where the post id can be read (all are read and must agree).
BODY = ("body",)  # its class: postid-N (single post), page-id-N, error404, archive, home ...
POST_ARTICLE_ID = ("article[id^='post-']", "[id^='post-'].hentry", "article[class*='post-']")
ID_LINKS = (
    "link[rel='shortlink']",
    "link[rel='canonical']",
    "link[rel='alternate'][type='application/json']",  # the REST route /wp/v2/posts/N
    "meta[property='og:url']",
)

# Publication date, machine-readable: all read, each a candidate of its kind.
META_PUBLISHED = (
    "meta[property='article:published_time']",
    "meta[name='article:published_time']",
    "meta[itemprop='datePublished']",
    "meta[property='og:published_time']",
)
# Plain `date` and Dublin Core meta tags: a publication date on some sites, the time the page
# was rendered or last changed on others. Ranked below the date the page prints.
META_DATED = (
    "meta[name='date']",
    "meta[name='dc.date']",
    "meta[name='DC.date']",
    "meta[name='dcterms.created']",
    "meta[name='DC.date.issued']",
    "meta[name='dcterms.issued']",  # Canada.ca's
)
META_MODIFIED = (
    "meta[property='article:modified_time']",
    "meta[name='article:modified_time']",
    "meta[itemprop='dateModified']",
    "meta[property='og:updated_time']",
    "meta[name='dcterms.modified']",
)
# time[datetime] in the post's scope, outside its body (a time inside the text is an event).
TIME_PUBLISHED = (
    "time.published[datetime]",
    "time.entry-date[datetime]",
    "time[itemprop='datePublished'][datetime]",
    "time[pubdate][datetime]",
    "time[datetime]",
    "abbr.published[title]",  # hAtom's (Blogger's): the instant in its title
)
TIME_MODIFIED = (
    "time.updated[datetime]",
    "time[itemprop='dateModified'][datetime]",
    "abbr.updated[title]",
)
# A time element with these classes (and not "published") is a modification time.
TIME_MODIFIED_CLASSES = ("updated", "modified")
TIME_MODIFIED_TOKENS = frozenset({"post-update"})  # whole classes only: Cocoon's change day

# Links naming the post's categories, in its scope but outside its body.
CATEGORY_LINKS = (
    "a[rel~='category']",
    "[class*='cat-links'] a",
    "[class*='post-categories'] a",
    "[class*='filed'] a",  # root theme: "Filed under <a>News</a>"
    "a[href*='?cat=']",
    "a[href*='&cat=']",
    "a[href*='/category/']",
)
AUTHOR = (
    ".byline .author",
    ".author.vcard",
    "[itemprop='author'] [itemprop='name']",
    "[itemprop='author']",
    "a[rel~='author']",
)

# Removed from the body before its text is read (kept out of body_html as well).
BODY_JUNK = (
    *NOT_POST,
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    ".sharedaddy",
    ".jp-relatedposts",
    ".post-navigation",
)
# Download blocks of the portal ("File Type: PDF Size: 58KB DOWNLOAD"): links kept, text not.
DOWNLOAD_BLOCKS = ("table.download", "[class*='download']")

# ---------------------------------------------------------------------------------------------
# sanitising body_html (post pages and REST content.rendered alike)
# ---------------------------------------------------------------------------------------------

# Elements dropped with their content.
UNSAFE = (
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "noscript",
    "template",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "link",
    "meta",
    "base",
    "svg",
    "math",
)

# ---------------------------------------------------------------------------------------------
# news lists: /?page_id=<News>&paged=K, category archives /?cat=N, the home page's top story
# ---------------------------------------------------------------------------------------------

# Where the list's dates may sit next to a post link, machine-readable (before any text): a
# <time>, or a post's creation marked as RDFa (Drupal's "dc:date dc:created") or microdata.
# A bare "dc:date" is left out: Drupal maps no field to it but the node's creation, other
# systems any date they hold.
LIST_TIME = (
    "time[datetime]",
    "[property~='dc:created'][content]",
    "[property~='dcterms:created'][content]",
    "[property~='schema:dateCreated'][content]",
    "[property~='schema:datePublished'][content]",
    "[itemprop='datePublished'][content]",
    "[title][class*='date']",  # its day in the title, its text relative ("6 days ago")
)
# Inside a list item, text that is not the item's date: excerpts may open with a dateline.
# A post's own text in a list: its excerpt or, in a full-content loop, its content.
LIST_POST_TEXT = (
    "[class*='excerpt']",
    "[class*='summary']",
    "[class*='card-text']",  # Bootstrap's card text: the excerpt
    "[class*='entry-content']",
    # Drupal's views wrap every field of a row in "field-content", its date too: the row's
    # text is its body field
    "[class*='content']:not(.field-content)",
    "[class*='views-field-body']",
    "[class*='field--name-body']",
    "[class*='field-name-body']",
)
LIST_NOT_DATE = (*LIST_POST_TEXT, *NOT_POST)

# ---------------------------------------------------------------------------------------------
# publications: the publications pages, the home page's block (publications.py, lines.py)
# ---------------------------------------------------------------------------------------------
# Tag names only, no class names: the page is read as lines of text (lines.py). The words of an
# entry (date lines, titles that are no title, kinds, years) are language, not markup: they live
# in pubtext.py.

# Subtrees never read: not text, or only navigation.
PUB_SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "select")
# Elements that end a line of text (a <br> does too).
PUB_BLOCK_TAGS = (
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th"),
    *("section", "article", "aside", "header", "footer", "main", "blockquote", "figure"),
    *("figcaption", "pre", "address", "hr", "form", "details", "summary"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
)
PUB_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
PUB_STRONG_TAGS = ("strong", "b")
# Headings that open the publications block or page: "Publications", "Reports", "Resources",
# "Documents", two of them joined ("Publications & Reports"), "Latest ..." or "ISECG ...".
_PUB_WORD = r"(?:publications|documents|reports|resources)"
# "Publications" in the members' languages (French's is English's), and Japanese's formal
# "報告書": not their words for "reports", which head news and talks as often (review 44:
# Chinese "报告" lists lectures, German "Berichte" news)
_PUB_OWN_WORDS = (
    r"publikationen|veröffentlichungen|pubblicazioni|publicaciones|публикации|刊行物|出版物|報告書"
    r"|발간물|간행물|발간자료"
    # the later members': Dutch, Portuguese, Polish, Ukrainian, Norwegian, Romanian, Arabic
    # (not Portuguese's "Publicações" nor Arabic's "المنشورات": a blog's posts as often, review 120)
    r"|publicaties|publikacje|публікації|publikasjoner|publica[țt]ii"
    r"|\u0627\u0644\u0625\u0635\u062f\u0627\u0631\u0627\u062a"
)
# "... and reports" in those languages: "Publikacje i raporty", "Publicaties en rapporten";
# not "and activities" or "and press releases" (reviews 106 and 111: their entries too)
_AND_REPORTS = (
    r"(?:\s+(?:i|en|e|y|et|und|og|și|та)\s+(?:raporty|rapporten|relat[óo]rios|informes|rapports"
    r"|berichte|rapporti|rapporter|rapoarte|звіти))?"
)
PUB_HEADING = re.compile(
    rf"^(?:latest\s+|recent\s+|isecg\s+)?(?:annual\s+)?{_PUB_WORD}"
    rf"(?:\s+(?:and|&)\s+(?:annual\s+)?{_PUB_WORD})?$"
    rf"|^(?:{_PUB_OWN_WORDS}){_AND_REPORTS}\s*[:：]?$",
    re.I,
)
# Of those, the ones that name the group's own work: "Resources" and "Documents" also head
# lists of links, agendas and minutes; their entries need a file, and a date to be kept.
PUB_OWN_HEADING = re.compile(rf"\b(?:publications|reports)\b|^(?:{_PUB_OWN_WORDS})", re.I)
# Headings of news that end a publications block: an entry below one is no publication.
PUB_BLOCK_END = re.compile(
    r"^(?:(?:related|latest|recent|more|other|isecg)\s+)?(?:news|posts|articles|events|stories)"
    r"\s*:?$"
    # ... and in the members' languages: "Actualités", "Aktuelles", "Notizie", "お知らせ"
    r"|^(?:dernières\s+)?actualités\s*:?$|^(?:aktuelles|nachrichten|neuigkeiten|notizie|noticias"
    r"|новости|お知らせ|ニュース|뉴스|新闻"
    # the later members' (review 120: "Aktualności" under "Publikacje" gave 3 press releases)
    r"|aktualno[śs]ci|wydarzenia|nyheter|[șs]tiri|nieuws|not[íi]cias|новини|\u0627\u0644\u0623\u062e\u0628\u0627\u0631"
    r"|[ée]v[éèe]nements)\s*:?$",
    re.I,
)

# The members' selectors and words: member_selectors.py.
