"""Builds the blind audit test files from the _src/*.txt sources. Run: python3 _src/build.py"""
import csv, io, json, os
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

ACME_CO = OrderedDict([
    ("C1", "Fluidifier le parcours patient, de l'admission à la sortie"),
    ("C2", "Garantir à chaque patient des soins sûrs et de qualité"),
    ("C3", "Retrouver l'équilibre financier du groupe d'ici fin 2027"),
    ("C4", "Faire du GHT un employeur attractif et fidéliser nos équipes"),
    ("C5", "Réussir le virage numérique au service des soignants et des patients"),
    ("C6", "Réduire de 20 % l'empreinte carbone de nos établissements d'ici 2030"),
])
GLOBEX_CO = OrderedDict([
    ("A", "Grow ARR from $18M to $24M in 2027"),
    ("B", "Make every new customer successful in their first 30 days"),
    ("C", "Run a platform customers never have to think about"),
    ("D", "Build a team people want to join and stay in"),
])
LEVEL = {"R": "roadmap", "M": "mixed", "G": "good"}


def parse(path, comap):
    teams = []
    for raw in open(path, encoding="utf-8").read().split("\n"):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("# "):
            name, owner, lvl = [x.strip() for x in line[2:].split("|")]
            teams.append({"team": name, "owner": owner, "level": lvl, "objs": []})
        elif line.startswith("O "):
            co, obj = line[2:].split("|", 1)
            co = co.strip()
            teams[-1]["objs"].append({"co": "" if co == "-" else comap[co], "co_key": co, "obj": obj.strip(), "krs": []})
        elif line.startswith("- "):
            teams[-1]["objs"][-1]["krs"].append(line[2:].strip())
        else:
            raise ValueError("bad line: %r" % line)
    return teams


def rows(teams):
    for t in teams:
        for o in t["objs"]:
            for kr in o["krs"]:
                yield [t["team"], t["owner"], o["co"], o["obj"], kr]


def write_csv(path, header, data, lineterminator="\r\n", delimiter=",", encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        w.writerow(header)
        w.writerows(data)


FR = ["Équipe", "Responsable", "Objectif entreprise", "Objectif", "Résultat clé"]
EN = ["Team", "Owner", "Company objective", "Objective", "Key result"]

q1 = parse(os.path.join(HERE, "acme_q1.txt"), ACME_CO)
q4 = parse(os.path.join(HERE, "acme_q4.txt"), ACME_CO)
gx = parse(os.path.join(HERE, "globex_q1.txt"), GLOBEX_CO)

write_csv(os.path.join(OUT, "acme-q1-2027.csv"), FR, list(rows(q1)))
write_csv(os.path.join(OUT, "acme-q4-2026.csv"), FR, list(rows(q4)))
write_csv(os.path.join(OUT, "acme-company-objectives.csv"), ["Objectif entreprise"], [[v] for v in ACME_CO.values()])
write_csv(os.path.join(OUT, "globex-q1-2027.csv"), EN, list(rows(gx)), lineterminator="\n")

# ---------------- bad files ----------------
bad = os.path.join(OUT, "bad-files")
os.makedirs(bad, exist_ok=True)
no_team = [
    ["Improve onboarding for new customers", "Launch the new onboarding wizard"],
    ["Improve onboarding for new customers", "Raise the 7-day activation rate from 30% to 45% by March 31, 2027"],
    ["Improve onboarding for new customers", "Cut onboarding tickets by 25%"],
    ["Make the mobile app faster", "Ship the new caching layer"],
    ["Make the mobile app faster", "Reduce app cold start time from 4.2s to 2s by end of Q1"],
    ["Make the mobile app faster", "Have a crash-free rate above 99.5%"],
    ["Win more enterprise deals", "Sign 10 enterprise customers"],
    ["Win more enterprise deals", "Grow enterprise pipeline from $2M to $3.5M by March 31, 2027"],
    ["Reduce cloud costs", "Migrate batch jobs to spot instances"],
    ["Reduce cloud costs", "Cut monthly AWS bill from $210k to $170k by end of Q1 2027"],
]
write_csv(os.path.join(bad, "no-team-column.csv"), ["Objective", "Key result"], no_team, lineterminator="\n")

g_rows = list(rows(gx))[:20]
blank = ["", "", "", "", ""]
bd = []
for i, r in enumerate(g_rows):
    bd.append(r)
    if i == 2:
        bd.append(list(r))          # exact duplicate of row 3
    if i == 4:
        bd.append(blank)            # blank row
    if i == 11:
        bd.append(blank)
    if i == 15:
        bd.append(list(g_rows[8]))  # exact duplicate of row 9, placed later
bd.append(blank)                    # trailing blank row
assert len(bd) == 25, len(bd)
write_csv(os.path.join(bad, "blank-and-duplicates.csv"), EN, bd, lineterminator="\n")

SC = [
    ["Pharmacie", "Dr Léa Morin", ACME_CO["C2"], "Sécuriser l'administration des médicaments", "Réduire les erreurs d'administration de 12 à 5 par mois d'ici fin mars 2027"],
    ["Pharmacie", "Dr Léa Morin", ACME_CO["C2"], "Sécuriser l'administration des médicaments", "Faire passer le double contrôle des médicaments à risque de 60 % à 95 %"],
    ["Pharmacie", "Dr Léa Morin", ACME_CO["C2"], "Sécuriser l'administration des médicaments", "Déployer les armoires sécurisées dans 4 services"],
    ["Bloc opératoire", "Hélène Dubois", ACME_CO["C3"], "Optimiser le programme opératoire", "Augmenter le taux d'occupation des vacations de 70 % à 80 %"],
    ["Bloc opératoire", "Hélène Dubois", ACME_CO["C3"], "Optimiser le programme opératoire", "Réduire les débordements après 18h"],
    ["Bloc opératoire", "Hélène Dubois", ACME_CO["C3"], "Optimiser le programme opératoire", "Mettre en place le logiciel de planification"],
    ["Ressources humaines", "François Lefèvre", ACME_CO["C4"], "Fidéliser les infirmières", "Réduire le turn-over des IDE de 18 % à 12 % d'ici fin mars 2027"],
    ["Ressources humaines", "François Lefèvre", ACME_CO["C4"], "Fidéliser les infirmières", "Organiser 4 journées d'intégration"],
    ["Ressources humaines", "François Lefèvre", ACME_CO["C4"], "Fidéliser les infirmières", "Avoir un tuteur pour chaque nouvel arrivant"],
    ["Cuisine centrale", "Gérard Lemaître", "", "Améliorer la qualité perçue des repas", "Faire passer la note repas de 6,1 à 7/10 d'ici fin mars 2027"],
    ["Cuisine centrale", "Gérard Lemaître", "", "Améliorer la qualité perçue des repas", "Proposer des menus adaptés aux régimes spéciaux"],
    ["Cuisine centrale", "Gérard Lemaître", "", "Améliorer la qualité perçue des repas", "Réduire le gaspillage, qui reste élevé"],
    ["Informatique", "Maëlle Kerbrat", ACME_CO["C5"], "Déployer le nouveau DPI", "Former 150 soignants"],
    ["Informatique", "Maëlle Kerbrat", ACME_CO["C5"], "Déployer le nouveau DPI", "Basculer les urgences le 1er février"],
    ["Informatique", "Maëlle Kerbrat", ACME_CO["C5"], "Déployer le nouveau DPI", "Réduire les incidents de connexion de 40 %"],
]
write_csv(os.path.join(bad, "semicolon-latin1.csv"), FR, SC, delimiter=";", encoding="latin-1")

# ---------------- overlaps ----------------
A, G = "acme-q1-2027.csv", "globex-q1-2027.csv"
PAIRS = [
    # acme: planted overlaps (same = True)
    (A, "Gestion des lits", "Faire passer la part des sorties réalisées avant 11h de 18 % à 40 % d'ici le 31 mars 2027",
        "Médecine interne", "Avoir plus de sorties le matin (objectif : 1 sortie sur 3 avant 11h)", True,
        "Both chase the share of patient discharges done before 11h (morning discharges)."),
    (A, "Service social", "Réduire le délai entre la demande de place d'aval (SSR, EHPAD) et la sortie effective des patients de 12 à 7 jours d'ici fin mars 2027",
        "Gériatrie - SSR", "Diminuer la durée d'attente d'une place d'aval (SSR, EHPAD) pour nos patients de 12 j à 8 j", True,
        "Same metric: days a patient waits for a downstream SSR/EHPAD bed before discharge (same 12-day baseline)."),
    (A, "DSI - Applications", "Réduire le nombre d'incidents DPI (dossier patient informatisé) bloquants",
        "Support N2", "Diviser par deux les incidents critiques sur le DPI, de 14 à 7 par mois, d'ici le 31 mars 2027", True,
        "Both aim to cut the number of blocking/critical incidents on the patient record software (DPI)."),
    (A, "Achats", "Faire baisser de 6 % le coût d'achat des dispositifs médicaux stériles (base 2026 : 8,4 M€) d'ici fin mars 2027",
        "Pharmacie (PUI)", "Réduire de 500 k€ la dépense annualisée en DM stériles par renégociation et référencement d'ici fin mars 2027", True,
        "Same spend (sterile medical devices, DM stériles); 6 % of 8,4 M€ is about the same 500 k€."),
    (A, "RH - Recrutement", "Diminuer les dépenses d'intérim médical et paramédical de 30 %",
        "Contrôle de gestion", "Réduire les dépenses d'intérim médical et paramédical de 1,5 M€ à 1 M€ par trimestre d'ici le 31 mars 2027", True,
        "Same metric: medical + nursing temp-agency (intérim) spend, roughly the same -30 % / -33 %."),
    (A, "Santé au travail", "Faire baisser le taux d'absentéisme des soignants de 9,8 % à 8 % d'ici fin mars 2027",
        "Direction des soins", "Diminuer l'absentéisme dans les unités de soins", True,
        "Same metric: absenteeism rate of care staff in the wards."),
    (A, "Qualité & gestion des risques", "Faire passer le score de satisfaction globale e-Satis +48h MCO de 71 à 76/100 d'ici le 31 mars 2027",
        "Communication", "Augmenter la note de satisfaction patients e-Satis", True,
        "Same metric: patient satisfaction score from the national e-Satis survey."),
    (A, "DIM", "Faire passer l'exhaustivité du codage à J+15 après la sortie de 62 % à 95 % d'ici le 31 mars 2027",
        "Facturation & recouvrement", "Coder et valoriser tous les séjours dans les 15 jours après la sortie", True,
        "Same thing: share of hospital stays coded within 15 days of discharge (KR of DIM vs objective of Facturation)."),
    (A, "Imagerie médicale", "Réduire de 4 à 2 jours le délai d'obtention d'une IRM pour un patient hospitalisé d'ici le 31 mars 2027",
        "Médecine interne", "Obtenir plus vite les IRM pour nos patients hospitalisés", True,
        "Same metric: delay to get an MRI for an inpatient."),
    (A, "Cybersécurité (RSSI)", "Diminuer le taux de clic sur les campagnes de phishing simulées de 22 % à 10 %",
        "Service desk N1", "Réduire le pourcentage d'agents qui cliquent sur les faux mails de phishing", True,
        "Same metric: click rate of staff on simulated phishing e-mails."),
    # acme: near-misses (same = False)
    (A, "Bloc opératoire", "Augmenter le taux d'occupation des salles de bloc de 72 % à 82 %",
        "Gestion des lits", "Faire passer le taux d'occupation des lits de médecine de 97 % à 90 % d'ici le 31/03/2027 pour garder des lits disponibles", False,
        "Both say 'taux d'occupation' but one is operating-room time (up), the other medical beds (down)."),
    (A, "Urgences", "Réduire le délai de prise en charge médicale (arrivée → premier contact médecin) de 95 min à 60 min au T1 2027",
        "Brancardage", "Réduire le délai de prise en charge d'une demande de brancardage de 35 min à 15 min (médiane) d'ici le 31 mars 2027", False,
        "Both say 'délai de prise en charge' but one is ER door-to-doctor time, the other the response time to a porter request."),
    (A, "Support N2", "Réduire le délai moyen de résolution des tickets N2 de 4,5 jours à 2 jours d'ici fin mars 2027",
        "Biomédical", "Réduire le délai moyen de réparation des équipements biomédicaux de 9 à 5 jours d'ici le 31 mars 2027", False,
        "Both are repair/resolution delays in days, but IT tickets vs biomedical equipment repairs."),
    (A, "Qualité & gestion des risques", "Faire passer le score de satisfaction globale e-Satis +48h MCO de 71 à 76/100 d'ici le 31 mars 2027",
        "Santé au travail", "Augmenter le score de satisfaction des agents au baromètre social de 5,9 à 6,5/10", False,
        "Both raise a 'score de satisfaction' but patients (e-Satis) vs staff (baromètre social)."),
    (A, "Facturation & recouvrement", "Réduire le délai de paiement des factures patients et mutuelles (aujourd'hui 74 jours)",
        "Comptabilité - Finances", "Réduire le délai de paiement des fournisseurs de 68 à 50 jours", False,
        "Both say 'délai de paiement' but money coming in (receivables) vs money going out to suppliers (payables)."),
    (A, "Restauration", "Réduire le gaspillage alimentaire de 180 g à 120 g par plateau",
        "Pharmacie (PUI)", "Réduire le gaspillage de médicaments (périmés détruits) de 42 k€ à 20 k€ par trimestre d'ici fin T1 2027", False,
        "Both 'réduire le gaspillage' but food waste per tray vs value of expired drugs destroyed."),
    (A, "Imagerie médicale", "Réduire de 4 à 2 jours le délai d'obtention d'une IRM pour un patient hospitalisé d'ici le 31 mars 2027",
        "Oncologie - HDJ", "Réduire le délai d'obtention d'un premier rendez-vous de consultation d'oncologie", False,
        "Both 'délai d'obtention' but inpatient MRI vs first oncology consultation appointment."),
    (A, "Chirurgie ambulatoire (UCA)", "Faire passer le taux de sortie le jour même des patients opérés en ambulatoire de 91 % à 96 % d'ici fin mars 2027",
        "Gestion des lits", "Faire passer la part des sorties réalisées avant 11h de 18 % à 40 % d'ici le 31 mars 2027", False,
        "Both about 'sorties' but same-day discharge of day-surgery patients vs the time of day inpatients leave."),
    # globex: planted overlaps
    (G, "Product - Onboarding", "Raise the share of new workspaces activated (3+ jobs scheduled) within 7 days from 28% to 45% by March 31, 2027",
        "Marketing - Demand Gen", "Get more trial signups to schedule their first 3 jobs in week one", True,
        "Same metric: share of new sign-ups/workspaces that schedule 3 jobs in their first 7 days (activation)."),
    (G, "SRE / Platform", "Cut Sev-1 outages from 6 to 2 per month by March 31, 2027",
        "Support Tier 2", "Halve the number of customer-reported outages", True,
        "Same thing: number of major outages (6 to 2 is more than halving the same count)."),
    (G, "Finance", "Reduce days sales outstanding (DSO) from 58 to 45 days",
        "Product - Billing", "Get customers to pay their invoices faster", True,
        "Same aim: faster customer payment (DSO); Finance KR vs Billing objective."),
    (G, "Customer Success", "Lift net revenue retention from 104% to 110% by March 31, 2027",
        "Sales North America", "Grow expansion ARR from existing accounts so NRR moves from 104% to 110% by end of Q1 2027", True,
        "Same metric, same baseline and target: net revenue retention 104% -> 110%."),
    # globex: near-misses
    (G, "Customer Success", "Reduce gross customer churn from 2.1% to 1.4% per month by March 31, 2027",
        "People", "Reduce employee churn in Support from 30% to 20% (annualized)", False,
        "Both 'reduce churn' but customers leaving vs employees leaving."),
    (G, "SRE / Platform", "Reduce mean time to recovery for Sev-1 incidents from 95 to 30 minutes by end of Q1 2027",
        "Security", "Reduce mean time to patch critical vulnerabilities from 21 to 7 days", False,
        "Both 'reduce mean time to ...' but incident recovery vs vulnerability patching."),
    (G, "Support Tier 1", "Cut median first response time on tickets from 9 hours to 2 hours",
        "Sales EMEA", "Cut response time on inbound demo requests from 2 days to 4 hours", False,
        "Both 'cut response time' but support tickets vs sales demo requests."),
    (G, "Customer Success", "Raise the share of accounts with a green health score from 55% to 70% by end of Q1",
        "Data", "Improve the accuracy of the customer health score", False,
        "Both about the customer health score but account health (outcome) vs accuracy of the score itself."),
]
DATA = {A: q1, G: gx}
with open(os.path.join(OUT, "overlaps.jsonl"), "w", encoding="utf-8") as f:
    for file, ta, xa, tb, xb, same, why in PAIRS:
        assert ta != tb
        for team, text in ((ta, xa), (tb, xb)):
            t = [t for t in DATA[file] if t["team"] == team]
            assert t, (file, team)
            texts = {o["obj"] for o in t[0]["objs"]} | {k for o in t[0]["objs"] for k in o["krs"]}
            assert text in texts, (team, text)
        f.write(json.dumps({"file": file, "team_a": ta, "text_a": xa, "team_b": tb, "text_b": xb,
                            "same": same, "why": why}, ensure_ascii=False) + "\n")

# ---------------- truth.md ----------------
def by_level(teams):
    d = {"R": [], "M": [], "G": []}
    for t in teams:
        d[t["level"]].append(t["team"])
    return d

def no_co(teams):
    return [(t["team"], o["obj"]) for t in teams for o in t["objs"] if not o["co"]]

def nobj(teams):
    return sum(len(t["objs"]) for t in teams)

rank = {"R": 0, "M": 1, "G": 2}
lv4 = {t["team"]: t["level"] for t in q4}
lv1 = {t["team"]: t["level"] for t in q1}
improved = [(n, lv4[n], lv1[n]) for n in lv1 if n in lv4 and rank[lv1[n]] > rank[lv4[n]]]
regressed = [(n, lv4[n], lv1[n]) for n in lv1 if n in lv4 and rank[lv1[n]] < rank[lv4[n]]]
only_q1 = [n for n in lv1 if n not in lv4]
only_q4 = [n for n in lv4 if n not in lv1]
used_q1 = {o["co_key"] for t in q1 for o in t["objs"]}
used_q4 = {o["co_key"] for t in q4 for o in t["objs"]}
used_gx = {o["co_key"] for t in gx for o in t["objs"]}

L = []
w = L.append
w("# Ground truth for the blind audit files\n")
w("Organisation **acme**: a fictional French regional public hospital group (GHT, sites Villeneuve, Port-Neuf, Saint-Aubin) "
  "with care, medico-technical, admin/support and IT teams. **globex**: a fictional English B2B SaaS company (field-service scheduling).\n")
w("Team level = how the team writes *most* of its OKRs: **roadmap** (objectives are projects, KRs are tasks), "
  "**mixed** (some measurable KRs but no baseline/deadline, vanity counts, KRs starting with être/avoir, counts of bad things going up), "
  "**good** (outcome objective, KR = verb + metric + baseline → target + deadline). A roadmap team may contain one stray measurable KR "
  "and a good team may contain one KR without a deadline; the label is the dominant style.\n")

for title, teams, used, comap in (("acme-q1-2027.csv", q1, used_q1, ACME_CO), ("acme-q4-2026.csv", q4, used_q4, ACME_CO),
                                  ("globex-q1-2027.csv", gx, used_gx, GLOBEX_CO)):
    d = by_level(teams)
    n = len(teams)
    nr = sum(len(o["krs"]) for t in teams for o in t["objs"])
    w("## %s\n" % title)
    w("%d teams, %d objectives, %d key-result rows.\n" % (n, nobj(teams), nr))
    for k in "RMG":
        w("- **%s** (%d teams, %.0f %%): %s" % (LEVEL[k], len(d[k]), 100.0 * len(d[k]) / n, ", ".join(d[k])))
    w("")
    miss = [v for k, v in comap.items() if k not in used]
    w("Company objectives with no contributing team: " + ("; ".join("\"%s\"" % m for m in miss) if miss else "none") + "\n")
    nc = no_co(teams)
    w("Objectives with an empty company objective (%d of %d, %.0f %%):\n" % (len(nc), nobj(teams), 100.0 * len(nc) / nobj(teams)))
    for team, obj in nc:
        w("- %s: \"%s\"" % (team, obj))
    w("")

w("## Company objectives\n")
w("acme (also in `acme-company-objectives.csv`):\n")
for k, v in ACME_CO.items():
    w("- %s: \"%s\"%s" % (k, v, "  ← **no team contributes to it in Q1 2027 nor in Q4 2026**" if k not in used_q1 else ""))
w("\nglobex (no separate file; all four have at least one contributing team):\n")
for k, v in GLOBEX_CO.items():
    w("- %s: \"%s\"" % (k, v))
w("")

w("## Q4 2026 → Q1 2027 evolution (acme)\n")
w("Teams that wrote noticeably **worse** (more roadmap) in Q4 2026, i.e. **got better** in Q1 2027 (%d):\n" % len(improved))
for n_, a, b in improved:
    w("- %s: %s in Q4 2026 → %s in Q1 2027" % (n_, LEVEL[a], LEVEL[b]))
w("\nTeams that wrote **better** in Q4 2026, i.e. **got worse** in Q1 2027 (%d):\n" % len(regressed))
for n_, a, b in regressed:
    w("- %s: %s in Q4 2026 → %s in Q1 2027" % (n_, LEVEL[a], LEVEL[b]))
w("\nAll other teams present in both files keep the same level (content changes, some objectives carried over with new baselines).")
w("Present only in Q1 2027 (new teams): %s. Present only in Q4 2026 (team dissolved): %s.\n" % (", ".join(only_q1), ", ".join(only_q4)))

w("## Overlaps and near-misses\n")
na = sum(1 for p in PAIRS if p[0] == A and p[5]); nna = sum(1 for p in PAIRS if p[0] == A and not p[5])
ng = sum(1 for p in PAIRS if p[0] == G and p[5]); nng = sum(1 for p in PAIRS if p[0] == G and not p[5])
w("`overlaps.jsonl` lists every planted pair: acme Q1 %d overlaps (same=true) + %d near-misses (same=false); "
  "globex %d overlaps + %d near-misses. Texts are copied exactly from the CSV. Only these pairs were planted on purpose; "
  "other loosely related pairs exist by nature of the domain (e.g. Brancardage TMS sick-leave days vs care-staff absenteeism, "
  "Contrôle de gestion objective vs RH objective on intérim, PUI prescriptions analysed vs DSI prescriptions computerised) "
  "and are not labelled.\n" % (na, nna, ng, nng))

w("## Other planted details\n")
w("- acme Q1: every team has 2–3 objectives and every objective 2–4 KRs (no count defect on purpose). Q4 2026 and globex also stay within 2–3 / 2–4.")
w("- Counts of bad things going up (defect): Service desk N1 \"Faire passer le nombre d'appels reçus par la hotline de 2 500 à 3 000 par mois\", "
  "EOH - Hygiène \"Passer de 8 à 15 épidémies de gastro-entérite investiguées sur le trimestre\", Restauration \"Passer de 30 à 50 réclamations repas traitées par mois\".")
w("- Trap (legitimate, not a defect): Qualité \"Faire passer le nombre de déclarations d'EI de 110 à 160 par mois ... (culture de signalement, pas de hausse des risques)\" — "
  "more incident *reports* is the intended outcome of a reporting-culture objective.")
w("- Vanity metrics: page views (Pédiatrie, Communication, globex Support Tier 1 and Data), LinkedIn followers (RH - Recrutement), tickets handled (Service desk N1, Support Tier 1), "
  "meetings/discovery calls/webinars (Direction des soins, Sales EMEA, Marketing), MQLs and website traffic (Marketing).")
w("- KRs starting with Être/Avoir or Be/Have: e.g. Service social, Médecine interne, Pédiatrie, Oncologie, Direction des soins, Facturation, RH, Comptabilité, Communication, "
  "DSI - Applications, Service desk N1, Santé au travail, Bloc opératoire; globex Support Tier 1, Sales EMEA, Finance, Data.")
w("- A roadmap team with one measurable KR: Cybersécurité (RSSI) phishing click rate (planted overlap with Service desk N1); globex Security MTTP and People employee churn.")
w("- Typos kept on purpose: \"réalisés\" for réalisées (Service social), \"a 0,5 ETP\" (Psychiatrie), \"non a jour\" (Formation), \"Mettre a jour\" (Logistique), "
  "\"tout les mois\" (Restauration), \"3 post\" (Communication), \"vulnerabilty\" (globex Security objective).")
w("- Same owner name for a team in both acme quarters. acme files use CRLF line endings, globex LF. All UTF-8 without BOM.\n")

w("## bad-files/\n")
w("- `no-team-column.csv`: header `Objective,Key result` only (no Team/Owner/Company objective), 10 data rows, 4 objectives.")
_first = {}; _dups = []; _blanks = []
for _i, _r in enumerate(bd, 1):
    if not any(_r):
        _blanks.append(_i); continue
    if tuple(_r) in _first:
        _dups.append("row %d duplicates row %d" % (_i, _first[tuple(_r)]))
    else:
        _first[tuple(_r)] = _i
w("- `blank-and-duplicates.csv`: globex columns, 25 data rows = first 20 rows of globex-q1-2027.csv + 2 exact duplicate rows "
  "(%s; 1-based data-row numbers, header not counted) + 3 fully blank rows `,,,,` (rows %s, the last one trailing). %d distinct non-blank rows."
  % ("; ".join(_dups), ", ".join(map(str, _blanks)), len(_first)))
w("- `semicolon-latin1.csv`: French columns, `;` delimiter, ISO-8859-1 (latin-1) encoded, 15 data rows, 5 teams × 1 objective × 3 KRs; "
  "one field contains a comma (not quoted, since the delimiter is `;`); one team (Cuisine centrale) has an empty company objective. Not the same teams as acme.\n")
w("Sources: `_src/*.txt` + `_src/build.py` regenerate every file (`python3 _src/build.py`).")
open(os.path.join(OUT, "truth.md"), "w", encoding="utf-8").write("\n".join(L) + "\n")
print("built")
