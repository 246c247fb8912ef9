#!/usr/bin/python3
"""Deterministic newsroom content for bench/newsroom.sh.

  generate_articles.py articles --count N --seed S --out DIR
      writes DIR/000001.md ... (N Markdown articles shaped like tests/data/seed/article.md):
      ~40 authors, 32 sections nested up to 3 levels, dates over 10 years (2015-07-01 to
      2025-06-30, fixed so that the output depends on the seed only), lang fr 90% / en 10%,
      1-4 tags among ~300, a random imported view count, and a body of 600-900 words with
      2-4 "## " subheadings. Words follow a Zipf law over a vocabulary of real French or
      English words and made-up ones, so the text compresses like prose, not like one word.

  generate_articles.py comments --db FILE --per-article K --seed S [--hot H --hot-share F]
      inserts about K comments per article straight into the site's `comments` table
      (status 'approved'), skewed: H articles (the newest ones) share a fraction F of them,
      so each gets thousands at 100,000 articles; among the rest, 1% of the articles get
      a fifth of the comments; a third of the comments are replies (one level deep).

The same arguments always give the same bytes (Python's `random` with a fixed seed).
"""
import argparse
import bisect
import datetime
import itertools
import json
import os
import random
import sqlite3
import sys
import unicodedata

GENERATOR_VERSION = 1  # bump when the output changes: newsroom.sh keys its cache on it

# ---------------------------------------------------------------- vocabulary
FR_WORDS = """
de la le et les des en du un une à est pour que qui dans au par sur plus pas il ne se
a ce avec sont son sa ses elle nous vous ils leur leurs mais ou donc or ni car été être
avoir fait faire dit selon après avant depuis entre contre sous sans vers chez lors
pays État gouvernement président ministre ministère autorités population région ville
capitale village frontière armée forces sécurité défense terrorisme attaque groupe
armé militaires soldats opération mission partenaires coopération accord sommet
conférence réunion délégation visite ambassadeur diplomatie dialogue paix réconciliation
transition élection élections scrutin vote campagne candidat parti opposition majorité
assemblée nationale conseil constitution loi projet réforme budget finances économie
croissance inflation prix marché commerce exportations importations coton or mines
agriculture éleveurs agriculteurs récolte saison pluies sécheresse eau électricité
énergie solaire route routes infrastructures chantier travaux investissement banque
entreprise entreprises emploi jeunes femmes enfants école écoles élèves enseignants
université étudiants santé hôpital médecins patients vaccination épidémie paludisme
justice tribunal procès juge avocat droits humains liberté presse journalistes
médias radio télévision information culture musique festival artistes cinéma film
livre écrivain football équipe match championnat coupe victoire défaite joueurs
entraîneur supporters stade sport national international régional local africain
africaine africains malien malienne maliens sahélien sahélienne burkinabè nigérien
ouest nord sud est centre grand grande nouveau nouvelle nouveaux premier première
dernier dernière plusieurs certains certaines tous toutes chaque autre autres même
mêmes ainsi aussi encore toujours déjà désormais notamment également cependant
toutefois pourtant alors enfin surtout seulement près loin long longue haut haute
année années mois semaine jour jours heures matin soir hier aujourd’hui demain
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai
juin juillet août septembre octobre novembre décembre moment temps période fois
situation question problème crise difficulté défi enjeu objectif résultat bilan
rapport étude chiffres millions milliards francs CFA dollars euros tonnes hectares
personnes habitants familles communauté communautés citoyens acteurs responsables
directeur directrice chef porte-parole représentant secrétaire général maire gouverneur
préfet commandant colonel général capitaine officier agents police gendarmerie douane
déclaré affirmé souligné indiqué annoncé expliqué précisé rappelé ajouté estimé
demandé appelé invité rencontré reçu signé lancé organisé présenté adopté validé
renforcer soutenir accompagner développer améliorer garantir assurer protéger lutter
permettre favoriser promouvoir consolider mobiliser sensibiliser former construire
volonté engagement soutien appui aide financement programme plan stratégie politique
vision priorité priorités mesure mesures décision décisions initiative initiatives
nécessité importance intérêt rôle place cadre base niveau nombre partie ensemble
développement gouvernance transparence stabilité sécurité alimentaire humanitaire
réfugiés déplacés migrants organisation organisations union africaine nations unies
banque mondiale fonds monétaire partenaire technique financier bilatéral multilatéral
""".split()

EN_WORDS = """
the of and to in a is that for on was with as by at from it this be are have has
had not but were which their its after said says before over under between against
during since while about into more most new first last other many some all each
country government president minister ministry authorities people region city capital
village border army forces security defence attack group armed soldiers operation
mission partners cooperation agreement summit conference meeting delegation visit
ambassador diplomacy dialogue peace transition election elections vote campaign
candidate party opposition parliament council constitution law bill reform budget
finance economy growth inflation prices market trade exports imports cotton gold mines
farming farmers harvest season rains drought water power energy solar roads
infrastructure works investment bank company companies jobs youth women children
school schools pupils teachers university students health hospital doctors patients
vaccine epidemic malaria justice court trial judge lawyer rights freedom press
journalists media radio television news culture music festival artists film book
writer football team match league cup win defeat players coach fans stadium sport
national international regional local african west north south east central great
week month year years day days morning evening yesterday today tomorrow Monday Tuesday
Wednesday Thursday Friday Saturday Sunday time period situation question problem
crisis challenge goal result report study figures million billion dollars tonnes
residents families community citizens officials director chief spokesman spokeswoman
representative secretary general mayor governor commander colonel officer police
customs announced stated stressed explained added estimated asked called invited met
signed launched organised presented adopted strengthen support develop improve ensure
protect fight allow promote build commitment aid funding programme plan strategy
policy vision priority measure decision initiative need role part level number
development governance transparency stability food humanitarian refugees displaced
migrants organisation union nations world monetary fund partner technical financial
""".split()

# Made-up words: one to three consonant-vowel syllables and often a suffix ("kolamisme").
FR_SYLLABLES = ("ba be bi bo bou ca co da de di do dou fa fi fo ga go gui ka ki ko la le li lo "
                "lou ma me mi mo mou na ne ni no nou pa pe pi po ra re ri ro rou sa se si so sou "
                "ta te ti to tou va vi vo za zi bé dé fé lé mé né ré sé té vé cha che chi cho").split()
FR_SUFFIXES = ("", "", "", "n", "r", "s", "l", "tion", "ment", "ance", "ence", "ique", "isme",
               "ité", "eur", "euse", "ard", "ois", "elle", "ette", "ier", "ais", "age", "ine")
EN_SYLLABLES = ("ba be bi bo bu ca co cu da de di do du fa fe fi fo ga ge go ha he hi ho ka ke ki "
                "la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si "
                "so su ta te ti to tu va ve vi wa we wi").split()
EN_SUFFIXES = ("", "", "", "n", "r", "s", "t", "ing", "er", "ed", "ly", "tion", "ment", "ness",
               "ship", "able", "ful", "ous", "al", "ic", "ive", "ist", "ism", "ward")

PLACES = """Bamako Ségou Sikasso Mopti Tombouctou Gao Kidal Kayes Koulikoro Ménaka Taoudéni
Niamey Ouagadougou Dakar Abidjan Conakry Nouakchott Accra Lomé Cotonou Abuja Lagos Alger
Rabat Tunis Tripoli Ndjamena Yaoundé Libreville Kinshasa Brazzaville Addis-Abeba Nairobi
Kigali Bruxelles Paris Genève Washington Moscou Pékin Ankara Doha Riyad Tokyo Berlin
Londres Madrid Rome Lisbonne Ottawa Brasilia Pretoria Johannesburg Luanda Maputo Harare
Khartoum Djibouti Mogadiscio Kampala Dodoma Lusaka Bangui Malabo Bissau Praia Banjul
Freetown Monrovia Zinder Agadez Bobo-Dioulasso Kaolack Bouaké Kano Tamale""".split()

FIRST_NAMES = """Awa Aminata Fatoumata Mariam Kadiatou Oumou Assitan Djénéba Rokia Hawa
Moussa Amadou Boubacar Ibrahim Oumar Seydou Mamadou Souleymane Abdoulaye Sidi Modibo
Bakary Issa Cheick Adama Salif Yacouba Lassina Drissa Hamidou Alice John Sarah Peter
Claire Youssouf Nana Aïssata Tiémoko Kadidia""".split()
LAST_NAMES = """Traoré Diallo Coulibaly Keïta Konaté Diarra Touré Sangaré Maïga Cissé Sidibé
Doumbia Kané Sissoko Dembélé Bagayoko Sanogo Koné Camara Ouattara Tall Niang Ba Sy
Guindo Dicko Togola Fofana Kouyaté Samaké Smith Martin Dupont Mensah Okafor""".split()

SECTION_TREE = [
    ("Actualité", [("Afrique", ["Sahel", "Maghreb", "Afrique centrale"]),
                   ("Monde", ["Europe", "Amériques", "Asie"]),
                   ("Mali", ["Bamako", "Régions"])]),
    ("Politique", [("Gouvernement", []), ("Élections", []), ("Diplomatie", [])]),
    ("Économie", [("Finances", []), ("Agriculture", []), ("Mines", [])]),
    ("Sécurité", [("Défense", []), ("Terrorisme", [])]),
    ("Société", [("Éducation", []), ("Santé", [])]),
    ("Culture", [("Musique", [])]),
    ("Sport", [("Football", [])]),
    ("Opinions", []),
    ("Blog", []),
]


def section_paths():
    paths = []
    for top, children in SECTION_TREE:
        paths.append([top])
        for child, grandchildren in children:
            paths.append([top, child])
            for grandchild in grandchildren:
                paths.append([top, child, grandchild])
    return paths


def ascii_key(text):
    """An approximation of Tribune's slug (ICU Any-Latin; Latin-ASCII; lower), to keep
    generated titles and tags distinct after slugging."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))
    out, hyphen = [], False
    for c in decomposed.lower():
        if unicodedata.combining(c):
            continue
        if ("a" <= c <= "z") or ("0" <= c <= "9"):
            if hyphen and out:
                out.append("-")
            hyphen = False
            out.append(c)
        elif c not in "'’":
            hyphen = True
    return "".join(out)


class Language:
    def __init__(self, rng, words, syllables, suffixes, extra):
        # Real words first (the frequent ones), then made-up ones for the long tail.
        vocabulary = list(dict.fromkeys(words))
        seen = set(vocabulary)
        while len(vocabulary) < extra:
            word = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
            word += rng.choice(suffixes)
            if len(word) < 4:
                continue
            if word not in seen:
                seen.add(word)
                vocabulary.append(word)
        self.words = vocabulary
        weights = [1.0 / (rank + 2.7) for rank in range(len(vocabulary))]
        self.cumulative = list(itertools.accumulate(weights))
        # Words for titles: real ones (past the function words) and some made-up names;
        # letters only, so that distinct titles make distinct slugs.
        self.title_words = [w for w in vocabulary[40:len(words)] + vocabulary[len(words):len(words) + 300]
                            if w.isalpha() and "œ" not in w]

    def sample(self, rng, count):
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def sentence(words):
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def body(rng, lang, target_words):
    """Markdown body: paragraphs of sentences, 2-4 '## ' subheadings, ~target_words words."""
    words = lang.sample(rng, target_words)
    headings = rng.randint(2, 4)
    paragraphs = []
    position = 0
    while position < len(words):
        count = rng.randint(3, 6)
        sentences = []
        for _ in range(count):
            length = rng.randint(8, 28)
            chunk = words[position:position + length]
            position += length
            if not chunk:
                break
            if len(chunk) > 10 and rng.random() < 0.4:
                chunk[rng.randint(3, len(chunk) - 3)] += ","
            if rng.random() < 0.25:
                chunk.insert(rng.randint(0, len(chunk)), rng.choice(PLACES))
            if rng.random() < 0.08:
                quoted = " ".join(chunk[:6])
                sentences.append(("« " + quoted + " »" if lang_is_fr(lang) else '"' + quoted + '"')
                                 + " " + sentence(chunk[6:] or ["dit-il"]))
            else:
                sentences.append(sentence(chunk))
        if sentences:
            paragraphs.append(" ".join(sentences))
    # Subheadings between paragraphs, never first.
    slots = sorted(rng.sample(range(1, max(2, len(paragraphs))), min(headings, max(1, len(paragraphs) - 1))))
    out = []
    for index, paragraph in enumerate(paragraphs):
        if slots and index == slots[0]:
            slots.pop(0)
            title = " ".join(rng.sample(lang.title_words, rng.randint(3, 8)))
            out.append("## " + title[0].upper() + title[1:])
        out.append(paragraph)
    return "\n\n".join(out) + "\n"


_FRENCH = None


def lang_is_fr(lang):
    return lang is _FRENCH


def weighted_picker(rng, items, skew):
    """Picks items with weights 1/(i+1)^skew, shuffled so the heavy ones are random."""
    order = list(items)
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** skew for i in range(len(order))))
    return lambda: order[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]


def make_tags(rng, french):
    tags, keys = [], set()
    topics = french.words[120:700]
    candidates = [p.lower() for p in PLACES] + topics
    rng.shuffle(candidates)
    for name in candidates:
        if len(tags) >= 300:
            break
        key = ascii_key(name)
        if len(key) >= 3 and key not in keys and name.isalpha():
            keys.add(key)
            tags.append(name)
    while len(tags) < 300:
        name = rng.choice(topics) + " " + rng.choice(topics)
        key = ascii_key(name)
        if key not in keys:
            keys.add(key)
            tags.append(name)
    return tags


def articles(args):
    global _FRENCH
    rng = random.Random(args.seed)
    french = Language(rng, FR_WORDS, FR_SYLLABLES, FR_SUFFIXES, 6000)
    english = Language(rng, EN_WORDS, EN_SYLLABLES, EN_SUFFIXES, 5000)
    _FRENCH = french
    authors = []
    while len(authors) < 40:
        name = rng.choice(FIRST_NAMES) + " " + rng.choice(LAST_NAMES)
        if name not in authors:
            authors.append(name)
    pick_author = weighted_picker(rng, authors, 0.8)
    pick_section = weighted_picker(rng, section_paths(), 0.7)
    tags = make_tags(rng, french)
    pick_tag = weighted_picker(rng, tags, 1.0)
    start = int(datetime.datetime(2015, 7, 1, tzinfo=datetime.timezone.utc).timestamp())
    end = int(datetime.datetime(2025, 6, 30, tzinfo=datetime.timezone.utc).timestamp())

    os.makedirs(args.out, exist_ok=True)
    width = max(6, len(str(args.count)))
    slugs = set()
    for index in range(1, args.count + 1):
        lang = french if rng.random() < 0.9 else english
        while True:
            words = rng.sample(lang.title_words, rng.randint(5, 10))
            if rng.random() < 0.5:
                words.insert(rng.randint(0, len(words)), rng.choice(PLACES))
            title = " ".join(words)
            title = title[0].upper() + title[1:]
            key = ascii_key(title)
            if len(key) <= 90 and key not in slugs:
                slugs.add(key)
                break
        published = rng.randint(start // 60, end // 60) * 60
        date = datetime.datetime.fromtimestamp(published, datetime.timezone.utc)
        article_tags = []
        for _ in range(rng.randint(1, 4)):
            tag = pick_tag()
            if tag not in article_tags:
                article_tags.append(tag)
        views = int(rng.lognormvariate(5.0, 1.5))
        front = [
            "---",
            "title: " + json.dumps(title, ensure_ascii=False),
            "author: " + json.dumps(pick_author(), ensure_ascii=False),
            "category: " + json.dumps(pick_section(), ensure_ascii=False),
            "date: " + date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "lang: " + ("fr" if lang is french else "en"),
            "tags: " + json.dumps(article_tags, ensure_ascii=False),
            "views: " + str(views),
            "---",
            "",
        ]
        text = "\n".join(front) + body(rng, lang, rng.randint(600, 900))
        with open(os.path.join(args.out, str(index).zfill(width) + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
        if index % 10000 == 0:
            print(f"  {index} articles", file=sys.stderr, flush=True)


def comments(args):
    rng = random.Random(args.seed + 1)
    french = Language(rng, FR_WORDS, FR_SYLLABLES, FR_SUFFIXES, 6000)
    db = sqlite3.connect(args.db)
    rows = db.execute("SELECT id, published_at FROM articles ORDER BY published_at DESC, id DESC").fetchall()
    if not rows:
        sys.exit("generate_articles.py: no articles in " + args.db)
    total = int(round(args.per_article * len(rows)))
    hot = rows[:args.hot]
    rest = rows[args.hot:] or rows
    popular = rest[:: 100] or rest  # 1% of the others
    first_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM comments").fetchone()[0]) + 1
    names = [f + " " + l for f in FIRST_NAMES for l in LAST_NAMES]
    now = int(datetime.datetime(2025, 7, 1, tzinfo=datetime.timezone.utc).timestamp())
    tops = {}  # article id -> a few top-level comment ids, for replies

    def generate():
        for number in range(total):
            draw = rng.random()
            if draw < args.hot_share:
                article_id, published = hot[number % len(hot)]
            elif draw < args.hot_share + 0.2:
                article_id, published = rng.choice(popular)
            else:
                article_id, published = rng.choice(rest)
            comment_id = first_id + number
            parent = None
            known = tops.get(article_id)
            if known and rng.random() < 0.33:
                parent = rng.choice(known)
            else:
                known = tops.setdefault(article_id, [])
                if len(known) < 20:
                    known.append(comment_id)
                else:
                    known[rng.randrange(20)] = comment_id
            name = rng.choice(names)
            email = ascii_key(name).replace("-", ".") + str(rng.randrange(1000)) + "@example.org"
            text = sentence(french.sample(rng, rng.randint(6, 60)))
            created = min(now, published + rng.randint(60, 30 * 86400))
            yield (comment_id, article_id, parent, name, email, "", text, "approved", created)

    db.execute("PRAGMA journal_mode = WAL")
    # A bulk load into a fresh copy: a large page cache keeps the four comment indexes in
    # memory (random article ids would otherwise read and write them from disk).
    db.execute("PRAGMA cache_size = -524288")
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany("INSERT INTO comments (id, article_id, parent_id, author_name, author_email, "
                       "author_url, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       generate())
    db.close()
    print(total)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("articles")
    a.add_argument("--count", type=int, required=True)
    a.add_argument("--seed", type=int, default=42)
    a.add_argument("--out", required=True)
    c = sub.add_parser("comments")
    c.add_argument("--db", required=True)
    c.add_argument("--per-article", type=float, default=10)
    c.add_argument("--seed", type=int, default=42)
    c.add_argument("--hot", type=int, default=10)
    c.add_argument("--hot-share", type=float, default=0.05)
    v = sub.add_parser("version")
    args = parser.parse_args()
    if args.command == "version":
        print(GENERATOR_VERSION)
    elif args.command == "articles":
        articles(args)
    else:
        comments(args)


if __name__ == "__main__":
    main()
