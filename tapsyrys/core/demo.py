"""Demo data of core: the authorized body, central bodies, akimats, NGOs and one account per role.

Names of bodies are real (the bodies that signed Order 407 in seed 001); NGOs are invented
with believable kk/ru names and valid BINs, spread across regions and areas.
"""

import csv

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .audit import bulk_create_audited, log_action
from .bin import complete_bin
from .models import Area, Organisation, Region, Role, RoleAssignment, User

DEMO_PASSWORD = "demo-2026"
DEMO_EMAIL_DOMAIN = "@demo.tapsyrys.kz"
MINISTRY_BIN_PREFIX = "99034000112"  # the authorized body: its BIN marks a seeded database

NGO_NAMES = [
    ("Жарқын болашақ", "Светлое будущее", "Bright Future"),
    ("Мейірім", "Милосердие", "Mercy"),
    ("Жастар үні", "Голос молодёжи", "Voice of Youth"),
    ("Ақ ниет", "Добрая воля", "Good Will"),
    ("Шаңырақ", "Шанырак", "Shanyrak"),
    ("Бірлік", "Единство", "Unity"),
    ("Саналы ұрпақ", "Сознательное поколение", "Conscious Generation"),
    ("Жасыл әлем", "Зелёный мир", "Green World"),
    ("Қамқор", "Забота", "Care"),
    ("Үміт", "Надежда", "Hope"),
    ("Ізгілік", "Добродетель", "Virtue"),
    ("Арман", "Мечта", "Dream"),
    ("Достық", "Дружба", "Friendship"),
    ("Ана мен бала", "Мать и дитя", "Mother and Child"),
    ("Таза өмір", "Чистая жизнь", "Clean Life"),
    ("Сенім", "Доверие", "Trust"),
    ("Құқық және заң", "Право и закон", "Right and Law"),
    ("Мұра", "Наследие", "Heritage"),
    ("Ерікті", "Доброволец", "Volunteer"),
    ("Тірек", "Опора", "Support"),
    ("Өрлеу", "Подъём", "Rise"),
    ("Дала шуағы", "Свет степи", "Steppe Light"),
    ("Көмек қолы", "Рука помощи", "Helping Hand"),
    ("Инклюзия", "Инклюзия", "Inclusion"),
]
NGO_FORMS = [
    (
        Organisation.LegalForm.PUBLIC_ASSOCIATION,
        "«{kk}» қоғамдық бірлестігі",
        "Общественное объединение «{ru}»",
        "{en} Public Association",
        "ҚБ «{kk}»",
        "ОО «{ru}»",
    ),
    (
        Organisation.LegalForm.FOUNDATION,
        "«{kk}» қоғамдық қоры",
        "Общественный фонд «{ru}»",
        "{en} Public Foundation",
        "ҚҚ «{kk}»",
        "ОФ «{ru}»",
    ),
    (
        Organisation.LegalForm.INSTITUTION,
        "«{kk}» жеке мекемесі",
        "Частное учреждение «{ru}»",
        "{en} Private Institution",
        "ЖМ «{kk}»",
        "ЧУ «{ru}»",
    ),
    (
        Organisation.LegalForm.ASSOCIATION,
        "«{kk}» заңды тұлғалар қауымдастығы",
        "Объединение юридических лиц «{ru}»",
        "{en} Association",
        "ЗТҚ «{kk}»",
        "ОЮЛ «{ru}»",
    ),
]
DISTRICTS = [
    (
        "almaty_region",
        "Қарасай ауданының әкімдігі",
        "Акимат Карасайского района",
        "Akimat of Karasai District",
    ),
    ("karaganda", "Абай ауданының әкімдігі", "Акимат Абайского района", "Akimat of Abai District"),
    (
        "turkistan",
        "Сайрам ауданының әкімдігі",
        "Акимат Сайрамского района",
        "Akimat of Sairam District",
    ),
    (
        "east_kazakhstan",
        "Глубокое ауданының әкімдігі",
        "Акимат Глубоковского района",
        "Akimat of Glubokoe District",
    ),
]


SEED_ACTOR = "seed_demo"


def _seeded(model):
    return f"{model._meta.app_label}.{model._meta.model_name}.seeded"


def seed_bulk(model, rows, batch_size=None):
    """The demo seed's bulk write (X-AUDIT): row history for every row, one event per batch."""
    return bulk_create_audited(
        model, rows, action=_seeded(model), actor_label=SEED_ACTOR, batch_size=batch_size
    )


def seed_one(obj):
    """The business event of one row the seed created with .create()/.save() (its row
    history comes from simple-history's post_save)."""
    log_action(obj, _seeded(obj.__class__), data={"actor_label": SEED_ACTOR})
    return obj


class BinSequence:
    """Valid, unique BINs: registration date prefix + legal-entity type digit + serial."""

    def __init__(self, prefix):
        self.prefix, self.serial = prefix, 0

    def __next__(self):
        while True:
            self.serial += 1
            candidate = complete_bin(f"{self.prefix}{self.serial:06d}"[:11])
            if candidate:
                return candidate


def _akimat_names(region):
    if region.kind == Region.Kind.CITY:
        city_kk = region.name_kk.replace(" қаласы", "")
        city_ru = region.name_ru.replace("город ", "")
        city_en = region.name_en.replace(" city", "")
        return (
            f"{city_kk} қаласының әкімдігі",
            f"Акимат города {city_ru}",
            f"Akimat of {city_en} city",
        )
    stem_ru = region.name_ru.replace(" область", "").replace("Область ", "")
    ru = (
        f"Акимат {stem_ru} области"
        if "Область" not in region.name_ru
        else f"Акимат области {stem_ru}"
    )
    ru = ru.replace("ская области", "ской области").replace("ая области", "ой области")
    return (f"{region.name_kk} әкімдігі", ru, f"Akimat of {region.name_en}")


def seed(ctx):
    regions = list(Region.objects.all())
    areas = list(Area.objects.filter(edition_numbers__edition__code="2022").order_by("id"))
    by_code = {r.code: r for r in regions}
    bins = BinSequence("05034")
    astana = by_code["astana"]

    ministry = Organisation.objects.create(
        kind=Organisation.Kind.AUTHORIZED_BODY,
        bin=complete_bin(MINISTRY_BIN_PREFIX) or next(bins),
        name_kk="Қазақстан Республикасының Ақпарат және қоғамдық даму министрлігі",
        name_ru="Министерство информации и общественного развития Республики Казахстан",
        name_en="Ministry of Information and Social Development of the Republic of Kazakhstan",
        short_name_kk="АҚДМ",
        short_name_ru="МИОР",
        region=astana,
        legal_form=Organisation.LegalForm.STATE_INSTITUTION,
        address="Астана, Мәңгілік Ел даңғылы, 8",
        email="info@qogam.gov.kz",
    )
    seed_one(ministry)
    ctx.objects["authorized_body"] = ministry
    operator = Organisation.objects.create(
        kind=Organisation.Kind.GRANT_OPERATOR,
        bin=next(bins),
        region=astana,
        name_kk="«Азаматтық бастамаларды қолдау орталығы» КеАҚ",
        name_ru="НАО «Центр поддержки гражданских инициатив»",
        name_en="Civil Initiatives Support Centre NJSC",
        legal_form=Organisation.LegalForm.NONPROFIT_JSC,
        email="info@cisc.kz",
    )
    seed_one(operator)
    ctx.objects["grant_operator"] = operator

    central = []
    with open(settings.REFERENCE_DIR / "demo_central_bodies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            central.append(
                Organisation(
                    kind=Organisation.Kind.STATE_BODY,
                    level=Organisation.Level.CENTRAL,
                    bin=next(bins),
                    region=astana,
                    legal_form=Organisation.LegalForm.STATE_INSTITUTION,
                    name_kk=row["name_kk"],
                    name_ru=row["name_ru"],
                    name_en=row["name_en"],
                )
            )
    central = seed_bulk(Organisation, central)
    ctx.objects["central_bodies"] = central

    akimats = []
    for region in regions:
        kk, ru, en = _akimat_names(region)
        akimats.append(
            Organisation(
                kind=Organisation.Kind.STATE_BODY,
                bin=next(bins),
                region=region,
                level=Organisation.Level.CITY
                if region.kind == Region.Kind.CITY
                else Organisation.Level.REGIONAL,
                legal_form=Organisation.LegalForm.STATE_INSTITUTION,
                name_kk=kk,
                name_ru=ru,
                name_en=en,
            )
        )
    akimats = seed_bulk(Organisation, akimats)
    ctx.objects["akimats"] = akimats
    akimat_by_region = {a.region_id: a for a in akimats}
    districts = seed_bulk(
        Organisation,
        [
            Organisation(
                kind=Organisation.Kind.STATE_BODY,
                level=Organisation.Level.DISTRICT,
                bin=next(bins),
                region=by_code[code],
                parent=akimat_by_region[by_code[code].pk],
                legal_form=Organisation.LegalForm.STATE_INSTITUTION,
                name_kk=kk,
                name_ru=ru,
                name_en=en,
            )
            for code, kk, ru, en in DISTRICTS
        ],
    )
    ctx.objects["districts"] = districts

    count = 20000 if ctx.national else 120
    ngos = make_ngos(ctx, count, regions, areas)
    ctx.objects["ngos"] = ngos

    culture = next(b for b in central if b.name_en.startswith("Ministry of Culture"))
    almaty = next(a for a in akimats if a.region.code == "almaty")
    ctx.objects["demo_body"] = almaty
    ctx.objects["demo_central_body"] = culture
    ctx.objects["demo_ngo"] = ngos[0]
    make_accounts(
        ctx, ministry=ministry, operator=operator, body=almaty, central_body=culture, ngo=ngos[0]
    )


def make_ngos(ctx, count, regions, areas):
    rng = ctx.rng
    bins = BinSequence("10044")
    rows, area_links = [], []
    for i in range(count):
        kk, ru, en = NGO_NAMES[i % len(NGO_NAMES)]
        form, full_kk, full_ru, full_en, short_kk, short_ru = NGO_FORMS[(i // len(NGO_NAMES)) % 4]
        region = regions[rng.randrange(len(regions))] if i else regions[1]
        suffix = "" if i < len(NGO_NAMES) * 4 else f" – {region.name_ru.split()[-1]} {i}"
        rows.append(
            Organisation(
                kind=Organisation.Kind.NGO,
                bin=next(bins),
                region=region,
                legal_form=form,
                name_kk=full_kk.format(kk=kk) + suffix,
                name_ru=full_ru.format(ru=ru) + suffix,
                name_en=full_en.format(en=en) + suffix,
                short_name_kk=short_kk.format(kk=kk),
                short_name_ru=short_ru.format(ru=ru),
                address=f"{region.name_ru}, ул. Абая, {rng.randint(1, 250)}",
                phones=f"+7 7{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(100, 999)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"info{i}@ngo-demo.kz",
                website=f"https://ngo{i}.kz" if rng.random() < 0.4 else "",
                description=f"{full_ru.format(ru=ru)} работает с {2000 + rng.randint(0, 22)} года.",
                is_verified=rng.random() < 0.8,
            )
        )
    ngos = seed_bulk(Organisation, rows, batch_size=2000)
    Through = Organisation.areas.through
    for org in ngos:
        for area in rng.sample(areas, rng.randint(1, 3)):
            area_links.append(Through(organisation_id=org.pk, area_id=area.pk))
    seed_bulk(Through, area_links, batch_size=5000)
    return ngos


ACCOUNTS = [
    # username, role, organisation key, full name, position
    ("admin", Role.ADMIN, None, "Әкімші Жүйе", "System administrator"),
    (
        "ministry",
        Role.AUTHORIZED_BODY,
        "ministry",
        "Айгерим Сапарова",
        "Главный эксперт Комитета по делам гражданского общества",
    ),
    (
        "akimat",
        Role.STATE_BODY,
        "body",
        "Ерлан Жумабаев",
        "Руководитель отдела внутренней политики",
    ),
    ("culture", Role.STATE_BODY, "central_body", "Динара Ахметова", "Главный эксперт департамента"),
    ("ngo", Role.NGO, "ngo", "Гульнар Искакова", "Председатель правления"),
    ("expert", Role.EXPERT, None, "Марат Тлеубердиев", "Независимый эксперт"),
    ("council", Role.COUNCIL_MEMBER, None, "Сауле Нурланова", "Член экспертного совета"),
    ("operator", Role.GRANT_OPERATOR, "operator", "Асель Касымова", "Менеджер по грантам"),
    ("citizen", Role.CITIZEN, None, "Нурлан Абенов", ""),
]


def make_accounts(ctx, **orgs):
    password = make_password(DEMO_PASSWORD)
    for username, role, org_key, full_name, position in ACCOUNTS:
        user = User.objects.create(
            username=username,
            password=password,
            full_name=full_name,
            position=position,
            email=f"{username}{DEMO_EMAIL_DOMAIN}",
            organisation=orgs.get(org_key),
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            is_org_admin=role == Role.NGO,
            language="ru",
        )
        seed_one(user)
        seed_one(RoleAssignment.objects.create(user=user, role=role))
        ctx.accounts.append(
            (username, DEMO_PASSWORD, Role(role).label, str(orgs[org_key]) if org_key else "")
        )
        ctx.objects[f"user:{username}"] = user
