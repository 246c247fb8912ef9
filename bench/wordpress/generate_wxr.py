#!/usr/bin/python3
"""A WordPress export (WXR 1.2) of a made-up French newsroom, as big as asked, for benchmarks.

  generate_wxr.py --posts 20000 --comments 100000 --output FILE [--seed 1]

writes FILE (gzip-compressed when it ends in .gz) shaped like WordPress's own Tools › Export:
20 authors, 30 categories in a two-level tree (6 sections of 4 sub-sections each), 200 tags,
then the posts, in id order: bodies of about 600 words of French-like prose (words drawn by a
Zipf law from real French words and made-up ones, so the text compresses like prose), half in
the classic editor's form (paragraphs separated by blank lines) and half as Gutenberg blocks;
1 to 3 categories and 0 to 4 tags each; mostly published, some drafts (post_date_gmt
0000-00-00 00:00:00), private, pending and scheduled ones; a `views` postmeta; and the
comments spread unevenly over them (a few posts get many), a third of them replies to an
earlier comment of the same post (threads several levels deep), some pending or spam.

The file is written item by item: memory stays flat however many posts are asked for. The
same arguments always give the same bytes (Python's `random` with a fixed seed; dates count
from a fixed day, never from today). Standard library only.
"""
import argparse
import datetime
import gzip
import io
import random
import sys
import unicodedata

WORDS = """
de la le et les des en du un une à est pour que qui dans au par sur plus pas il ne se a ce
avec sont son sa ses elle nous vous ils leur leurs mais ou donc car été être avoir fait faire
dit selon après avant depuis entre contre sous sans vers chez lors pays État gouvernement
président ministre ministère autorités population région ville capitale village frontière
armée sécurité défense attaque groupe militaires opération mission partenaires coopération
accord sommet conférence réunion délégation visite diplomatie dialogue paix réconciliation
transition élection élections scrutin vote campagne candidat parti opposition majorité
assemblée nationale conseil constitution loi projet réforme budget finances économie
croissance inflation prix marché commerce exportations coton or mines agriculture éleveurs
agriculteurs récolte saison pluies sécheresse eau électricité énergie solaire route routes
chantier travaux investissement banque entreprise entreprises emploi jeunes femmes enfants
école écoles élèves enseignants université étudiants santé hôpital médecins patients
vaccination épidémie paludisme justice tribunal procès juge avocat droits liberté presse
journalistes médias radio télévision culture musique festival artistes cinéma livre football
équipe match championnat victoire joueurs stade sport national international régional local
africain africaine sahélien sahélienne nigérien nigérienne malien fleuve Niger Niamey Zinder
Maradi Agadez Tahoua Dosso Tillabéri Diffa nouveau nouvelle premier première dernier dernière
plusieurs certains tous chaque autre autres ainsi aussi encore toujours déjà désormais
notamment également cependant toutefois pourtant alors enfin surtout année années mois
semaine jour jours matin soir hier demain lundi mardi mercredi jeudi vendredi samedi dimanche
situation question problème crise défi enjeu objectif résultat bilan rapport étude chiffres
millions milliards francs CFA tonnes hectares personnes habitants familles communauté citoyens
responsables directeur directrice chef porte-parole représentant maire gouverneur préfet
déclaré affirmé souligné indiqué annoncé expliqué précisé rappelé ajouté estimé demandé
renforcer soutenir accompagner développer améliorer garantir assurer protéger lutter
permettre favoriser mobiliser former construire volonté engagement soutien appui aide
financement programme plan stratégie politique priorité mesure mesures décision initiative
importance rôle place cadre niveau nombre partie ensemble développement gouvernance stabilité
humanitaire réfugiés déplacés organisation union
""".split()

FIRST_NAMES = """Aïcha Moussa Mariama Ibrahim Hadiza Souleymane Zeinabou Abdoulaye Fatouma Issa
Rahila Oumarou Balkissa Hamidou Ramatou Boubacar Safiatou Adamou Haoua Seydou""".split()
LAST_NAMES = """Diallo Traoré Issoufou Hamani Maïga Abdou Garba Moumouni Saïdou Touré Sani Bako
Mahamadou Idrissa Ousmane Yacouba Amadou Kountché Djibo Boubacar""".split()
SECTIONS = {
    "Actualités": ["Niger", "Sahel", "Afrique de l'Ouest", "Monde"],
    "Économie": ["Agriculture", "Énergie", "Mines", "Finances publiques"],
    "Société": ["Éducation", "Santé", "Justice", "Femmes et jeunesse"],
    "Culture": ["Musique", "Cinéma", "Livres", "Patrimoine"],
    "Sports": ["Football", "Lutte traditionnelle", "Athlétisme", "Basket-ball"],
    "Opinions": ["Éditoriaux", "Tribunes", "Courrier des lecteurs", "Chroniques"],
}
COMMENTERS = """Abdou Hassane Mariam Kadidia Yacine Amina Oumar Halima Salif Nafissa Bachir
Rakia Idi Zara Ali Fati Moctar Hawa Sanoussi Aminata""".split()

START = datetime.datetime(2016, 1, 4, 7, 0, 0)  # the first post; UTC
SPAN_SECONDS = 9 * 365 * 86400  # posts spread over nine years
LOCAL_OFFSET = datetime.timedelta(hours=1)  # the site's time zone: Niamey, UTC+1
SITE = "https://bench-fleuve.example"


def slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c.lower() if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cdata(text):
    # As WordPress's wxr_cdata(): a "]]>" in the text is split across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def mysql_date(when):
    return when.strftime("%Y-%m-%d %H:%M:%S")


def rss_date(when):
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


class Prose:
    """Sentences of words drawn by a Zipf law over the vocabulary and made-up words."""

    def __init__(self, rng):
        self.rng = rng
        vocabulary = list(WORDS)
        syllables = ["ka", "mo", "ri", "ta", "zé", "lou", "ni", "sa", "dou", "ga", "ma", "ré"]
        for _ in range(1500):
            vocabulary.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
        self.vocabulary = vocabulary
        total = 0.0
        self.cumulative = []
        for rank in range(len(vocabulary)):
            total += 1.0 / (rank + 1)
            self.cumulative.append(total)

    def words(self, count):
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count)

    def sentence(self):
        words = self.words(self.rng.randint(8, 22))
        text = " ".join(words)
        if self.rng.random() < 0.15:
            text = text.replace(" ", ", ", 1)
        return text[0].upper() + text[1:] + "."

    def title(self):
        text = " ".join(self.words(self.rng.randint(5, 11)))
        return text[0].upper() + text[1:]

    def paragraphs(self, word_target):
        """Paragraphs of 2 to 5 sentences until about `word_target` words."""
        result, count = [], 0
        while count < word_target:
            sentences = [self.sentence() for _ in range(self.rng.randint(2, 5))]
            paragraph = " ".join(sentences)
            count += paragraph.count(" ") + 1
            result.append(paragraph)
        return result


def classic_body(rng, prose):
    parts = []
    for paragraph in prose.paragraphs(rng.randint(520, 700)):
        if rng.random() < 0.08:
            parts.append("<strong>" + prose.title() + "</strong>")
        parts.append(paragraph)
    return "\n\n".join(parts)


def gutenberg_body(rng, prose):
    blocks = []
    for paragraph in prose.paragraphs(rng.randint(520, 700)):
        if rng.random() < 0.08:
            blocks.append('<!-- wp:heading -->\n<h2 class="wp-block-heading">' + prose.title() +
                          "</h2>\n<!-- /wp:heading -->")
        blocks.append("<!-- wp:paragraph -->\n<p>" + paragraph + "</p>\n<!-- /wp:paragraph -->")
    return "\n\n".join(blocks)


def write_channel_head(out, authors, categories, tags):
    out.write('<?xml version="1.0" encoding="UTF-8" ?>\n'
              "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export "
              "of your site. -->\n"
              '<!-- generator="WordPress/6.4.3" created="2024-12-31 23:00" -->\n'
              '<rss version="2.0"\n'
              '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
              '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
              '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
              '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
              '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
              ">\n\n<channel>\n"
              "\t<title>Le Fleuve Tribune (banc d'essai)</title>\n"
              f"\t<link>{SITE}</link>\n"
              "\t<description>L'actualité du Niger et du Sahel, au fil du fleuve</description>\n"
              "\t<pubDate>Tue, 31 Dec 2024 23:00:00 +0000</pubDate>\n"
              "\t<language>fr-FR</language>\n"
              "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
              f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
              f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n")
    for author in authors:
        out.write("\t<wp:author>"
                  f"<wp:author_id>{author['id']}</wp:author_id>"
                  f"<wp:author_login>{cdata(author['login'])}</wp:author_login>"
                  f"<wp:author_email>{cdata(author['login'] + '@bench-fleuve.example')}"
                  "</wp:author_email>"
                  f"<wp:author_display_name>{cdata(author['first'] + ' ' + author['last'])}"
                  "</wp:author_display_name>"
                  f"<wp:author_first_name>{cdata(author['first'])}</wp:author_first_name>"
                  f"<wp:author_last_name>{cdata(author['last'])}</wp:author_last_name>"
                  "</wp:author>\n")
    out.write("\n")
    for category in categories:
        out.write("\t<wp:category>\n"
                  f"\t\t<wp:term_id>{category['id']}</wp:term_id>\n"
                  f"\t\t<wp:category_nicename>{cdata(category['slug'])}</wp:category_nicename>\n"
                  f"\t\t<wp:category_parent>{cdata(category['parent'])}</wp:category_parent>\n"
                  f"\t\t<wp:cat_name>{cdata(category['name'])}</wp:cat_name>\n"
                  "\t</wp:category>\n")
    for tag in tags:
        out.write("\t<wp:tag>\n"
                  f"\t\t<wp:term_id>{tag['id']}</wp:term_id>\n"
                  f"\t\t<wp:tag_slug>{cdata(tag['slug'])}</wp:tag_slug>\n"
                  f"\t\t<wp:tag_name>{cdata(tag['name'])}</wp:tag_name>\n"
                  "\t</wp:tag>\n")
    out.write("\n\t<generator>https://wordpress.org/?v=6.4.3</generator>\n\n")


def write_comment(out, comment):
    out.write("\t\t<wp:comment>\n"
              f"\t\t\t<wp:comment_id>{comment['id']}</wp:comment_id>\n"
              f"\t\t\t<wp:comment_author>{cdata(comment['author'])}</wp:comment_author>\n"
              f"\t\t\t<wp:comment_author_email>{cdata(comment['email'])}"
              "</wp:comment_author_email>\n"
              f"\t\t\t<wp:comment_author_url>{comment['url']}</wp:comment_author_url>\n"
              f"\t\t\t<wp:comment_author_IP>{cdata(comment['ip'])}</wp:comment_author_IP>\n"
              f"\t\t\t<wp:comment_date>{cdata(mysql_date(comment['date'] + LOCAL_OFFSET))}"
              "</wp:comment_date>\n"
              f"\t\t\t<wp:comment_date_gmt>{cdata(mysql_date(comment['date']))}"
              "</wp:comment_date_gmt>\n"
              f"\t\t\t<wp:comment_content>{cdata(comment['content'])}</wp:comment_content>\n"
              f"\t\t\t<wp:comment_approved>{cdata(comment['approved'])}</wp:comment_approved>\n"
              f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
              f"\t\t\t<wp:comment_parent>{comment['parent']}</wp:comment_parent>\n"
              "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
              "\t\t</wp:comment>\n")


def comments_of(rng, prose, count, published, next_id, reply_share):
    """`count` comments after `published`; each but the first replies to an earlier one of the
    post with probability `reply_share`."""
    comments = []
    when = published
    for _ in range(count):
        when = when + datetime.timedelta(seconds=rng.randint(60, 6 * 3600))
        name = rng.choice(COMMENTERS)
        roll = rng.random()
        approved = "1" if roll < 0.88 else ("0" if roll < 0.96 else "spam")
        parent = rng.choice(comments)["id"] if comments and rng.random() < reply_share else 0
        comments.append({
            "id": next_id,
            "author": name + " " + rng.choice(LAST_NAMES),
            "email": slugify(name) + str(rng.randint(1, 999)) + "@courriel.example",
            "url": f"https://{slugify(name)}.example/" if rng.random() < 0.1 else "",
            "ip": f"{rng.randint(41, 197)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
                  f"{rng.randint(1, 254)}",
            "date": when,
            "content": "\n".join(prose.sentence() for _ in range(rng.randint(1, 4))),
            "approved": approved,
            "parent": parent,
        })
        next_id += 1
    return comments


def write_post(out, rng, prose, post_id, published, author, categories, tags, comments):
    roll = rng.random()
    status = ("publish" if roll < 0.93 else "draft" if roll < 0.95 else "private"
              if roll < 0.97 else "pending" if roll < 0.99 else "future")
    title = prose.title()
    slug = slugify(title)[:80].rstrip("-")
    if status == "future":
        published = published + datetime.timedelta(days=rng.randint(1, 30))
    gutenberg = rng.random() < 0.5
    body = gutenberg_body(rng, prose) if gutenberg else classic_body(rng, prose)
    local = published + LOCAL_OFFSET
    date_gmt = "0000-00-00 00:00:00" if status == "draft" else mysql_date(published)
    link = (f"{SITE}/{published:%Y/%m/%d}/{slug}/" if status in ("publish", "private")
            else f"{SITE}/?p={post_id}")
    post_name = "" if status == "draft" else slug
    excerpt = prose.sentence() if rng.random() < 0.3 else ""
    chosen_categories = rng.sample(categories, rng.randint(1, 3))
    chosen_tags = rng.sample(tags, rng.randint(0, 4))
    out.write("\t<item>\n"
              f"\t\t<title>{escape(title)}</title>\n"
              f"\t\t<link>{link}</link>\n"
              f"\t\t<pubDate>{rss_date(published)}</pubDate>\n"
              f"\t\t<dc:creator>{cdata(author['login'])}</dc:creator>\n"
              f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n'
              "\t\t<description></description>\n"
              f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n"
              f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
              f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
              f"\t\t<wp:post_date>{cdata(mysql_date(local))}</wp:post_date>\n"
              f"\t\t<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>\n"
              f"\t\t<wp:post_modified>{cdata(mysql_date(local))}</wp:post_modified>\n"
              f"\t\t<wp:post_modified_gmt>{cdata(mysql_date(published))}</wp:post_modified_gmt>\n"
              f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n"
              f"\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n"
              f"\t\t<wp:post_name>{cdata(post_name)}</wp:post_name>\n"
              f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
              "\t\t<wp:post_parent>0</wp:post_parent>\n"
              "\t\t<wp:menu_order>0</wp:menu_order>\n"
              f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
              f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
              "\t\t<wp:is_sticky>0</wp:is_sticky>\n")
    for category in chosen_categories:
        out.write(f'\t\t<category domain="category" nicename="{category["slug"]}">'
                  f"{cdata(category['name'])}</category>\n")
    for tag in chosen_tags:
        out.write(f'\t\t<category domain="post_tag" nicename="{tag["slug"]}">'
                  f"{cdata(tag['name'])}</category>\n")
    views = int(rng.paretovariate(1.2) * 40) if status == "publish" else 0
    out.write("\t\t<wp:postmeta>\n"
              f"\t\t<wp:meta_key>{cdata('_edit_last')}</wp:meta_key>\n"
              f"\t\t<wp:meta_value>{cdata(str(author['id']))}</wp:meta_value>\n"
              "\t\t</wp:postmeta>\n"
              "\t\t<wp:postmeta>\n"
              f"\t\t<wp:meta_key>{cdata('views')}</wp:meta_key>\n"
              f"\t\t<wp:meta_value>{cdata(str(views))}</wp:meta_value>\n"
              "\t\t</wp:postmeta>\n")
    for comment in comments:
        write_comment(out, comment)
    out.write("\t</item>\n")


def comment_counts(rng, posts, comments):
    """How many comments each post gets: skewed, the newest posts and a few others get most."""
    counts = [0] * posts
    for _ in range(comments):
        index = int(posts * (1 - rng.random() ** 3)) if rng.random() < 0.7 else rng.randrange(posts)
        counts[min(index, posts - 1)] += 1
    return counts


def generate(out, posts, comments, seed):
    rng = random.Random(seed)
    prose = Prose(rng)
    authors = []
    for index in range(20):
        first, last = FIRST_NAMES[index], LAST_NAMES[index]
        authors.append({"id": index + 1, "login": slugify(first) + "." + slugify(last),
                        "first": first, "last": last})
    categories, term_id = [], 2
    for section, children in SECTIONS.items():
        categories.append({"id": term_id, "slug": slugify(section), "parent": "",
                           "name": section})
        term_id += 1
        for child in children:
            categories.append({"id": term_id, "slug": slugify(child), "parent": slugify(section),
                               "name": child})
            term_id += 1
    tags, seen = [], set()
    while len(tags) < 200:
        name = " ".join(prose.words(rng.randint(1, 2))).lower()
        if slugify(name) in seen or not slugify(name):
            continue
        seen.add(slugify(name))
        tags.append({"id": term_id, "slug": slugify(name), "name": name})
        term_id += 1

    write_channel_head(out, authors, categories, tags)
    counts = comment_counts(rng, posts, comments)
    # A post's first comment cannot be a reply: the others reply more often, so that a third of
    # all comments are replies.
    could_reply = comments - sum(1 for count in counts if count > 0)
    reply_share = min(1.0, comments / 3 / could_reply) if could_reply > 0 else 0.0
    next_comment_id = 1
    for index in range(posts):
        published = START + datetime.timedelta(seconds=SPAN_SECONDS * index // max(posts, 1) +
                                               rng.randint(0, 3600))
        post_comments = comments_of(rng, prose, counts[index], published, next_comment_id,
                                    reply_share)
        next_comment_id += len(post_comments)
        write_post(out, rng, prose, 1000 + index, published, rng.choice(authors),
                   categories, tags, post_comments)
    out.write("</channel>\n</rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--comments", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True, help="the file to write (.gz: compressed)")
    args = parser.parse_args()
    if args.posts < 1 or args.comments < 0:
        sys.exit("generate_wxr.py: --posts must be at least 1 and --comments at least 0")
    if args.output.endswith(".gz"):
        # mtime=0: the same bytes on every run.
        raw = open(args.output, "wb")
        compressed = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        out = io.TextIOWrapper(compressed, encoding="utf-8", newline="\n")
    else:
        out = open(args.output, "w", encoding="utf-8", newline="\n")
    with out:
        generate(out, args.posts, args.comments, args.seed)
    if args.output.endswith(".gz"):
        raw.close()


if __name__ == "__main__":
    main()
