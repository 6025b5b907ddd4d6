"""Text of every finding, in French and English, keyed by its stable code.

Codes are an API: the web form, the eval scorer and saved reports refer to them, so a code is never
renamed; its wording can change freely.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "info"]


class FindingText(NamedTuple):
    severity: Severity
    message_fr: str
    message_en: str
    suggestion_fr: str
    suggestion_en: str


FINDINGS: dict[str, FindingText] = {
    "kr.output_verb": FindingText(
        "error",
        "« {verb} » décrit un livrable (output), pas un changement observable.",
        "“{verb}” describes a deliverable (output), not an observable change.",
        "Gardez le livrable comme initiative et mesurez son effet : Augmenter, Réduire, Faire passer… de X à Y.",
        "Keep the deliverable as an initiative and measure its effect: Increase, Reduce, Grow… from X to Y.",
    ),
    "kr.state_verb": FindingText(
        "error",
        "Le résultat clé commence par « {verb} » : un état, pas un changement.",
        "The key result opens with “{verb}”: a state, not a change.",
        "Commencez par un verbe d'action à l'infinitif (jamais être/avoir) : Atteindre, Augmenter, Réduire…",
        "Open with an action verb (never be/have): Reach, Increase, Reduce…",
    ),
    "kr.no_verb": FindingText(
        "warning",
        "Le résultat clé ne commence pas par un verbe d'action.",
        "The key result does not open with an action verb.",
        "Formulez-le comme un changement : verbe à l'infinitif + indicateur + de X à Y.",
        "Phrase it as a change: verb + metric + from X to Y.",
    ),
    "kr.no_number": FindingText(
        "error",
        "Le résultat clé n'a aucun chiffre : on ne pourra pas dire s'il est atteint.",
        "The key result has no number: nobody can tell whether it is reached.",
        "Ajoutez l'indicateur et sa cible chiffrée, ou un repère explicite comme [X]% si la valeur reste à fixer.",
        "Add the metric and a numeric target, or an explicit placeholder such as [X]% if the value is still open.",
    ),
    "kr.no_baseline": FindingText(
        "warning",
        "Le point de départ (valeur actuelle) n'est pas indiqué.",
        "The starting point (current value) is not stated.",
        "Précisez la valeur actuelle (« de 40% à 60% », « vs 25% aujourd'hui ») ou notez [base à mesurer].",
        "State the current value (“from 40% to 60%”, “vs 25% today”) or write [baseline to measure].",
    ),
    "kr.no_target": FindingText(
        "warning",
        "Aucune valeur cible n'est donnée.",
        "No target value is given.",
        "Indiquez la valeur à atteindre, ou [cible à définir] si elle reste à fixer.",
        "State the value to reach, or [target to set] if it is still open.",
    ),
    "kr.no_deadline": FindingText(
        "warning",
        "Pas d'échéance : ni date ni cycle.",
        "No deadline: neither a date nor a cycle.",
        "Ajoutez une échéance dans le cycle (« d'ici fin T2 2027 ») ou nommez le cycle en tête du brouillon.",
        "Add a deadline within the cycle (“by end of Q2 2027”) or name the cycle at the top of the draft.",
    ),
    "kr.run_kpi": FindingText(
        "warning",
        "Ce résultat clé maintient un niveau : c'est un KPI de run (santé), pas un changement.",
        "This key result holds a level steady: a run KPI (health metric), not a change.",
        "Suivez-le comme KPI de santé ; gardez-le en KR seulement s'il est menacé ce cycle.",
        "Track it as a health KPI; keep it as a KR only if it is at risk this cycle.",
    ),
    "kr.unrelated": FindingText(
        "warning",
        "Ce résultat clé ne semble pas mesurer l'objectif auquel il est rattaché.",
        "This key result does not seem to measure the objective it sits under.",
        "Rattachez-le à l'objectif qu'il prouve, ou remplacez-le par un indicateur de cet objectif.",
        "Move it under the objective it proves, or replace it with a measure of this objective.",
    ),
    "kr.wrong_direction": FindingText(
        "error",
        "« {verb} » fait aller « {metric} » dans le mauvais sens : cet indicateur doit {expected_fr}.",
        "“{verb}” moves “{metric}” the wrong way: this metric should {expected_en}.",
        "Inversez le verbe ou les valeurs (de X à Y) pour aller vers le succès, ou mesurez l'indicateur contraire.",
        "Flip the verb or the values (from X to Y) so the metric moves towards success, or measure its opposite.",
    ),
    "kr.vanity": FindingText(
        "warning",
        "« {metric} » est un indicateur de vanité : il compte une activité, pas la valeur créée.",
        "“{metric}” is a vanity metric: it counts activity, not the value created.",
        "Mesurez plutôt ce que cette activité change : {alternatives_fr}.",
        "Measure what that activity changes instead: {alternatives_en}.",
    ),
    "kr.reach_only": FindingText(
        "warning",
        "Ce résultat clé ne compte qu'une audience (« {metric} ») : combien ont vu ou suivi, pas ce qu'ils ont fait.",
        "This key result only counts reach (“{metric}”): how many saw or followed, not what they did.",
        "Mesurez ce que cette audience fait ensuite : inscriptions, achats, dons, visites, réutilisation.",
        "Measure what that audience does next: sign-ups, purchases, donations, visits, repeat use.",
    ),
    "kr.duplicate": FindingText(
        "error",
        "Ce résultat clé mesure le même indicateur que le résultat clé {other}, ou son inverse.",
        "This key result measures the same metric as key result {other}, or its mirror.",
        "Gardez-en un seul et prouvez l'objectif sous un autre angle (usage, qualité, valeur).",
        "Keep only one and prove the objective from another angle (usage, quality, value).",
    ),
    "obj.missing": FindingText(
        "error",
        "Des résultats clés sont listés sans objectif.",
        "Key results are listed without an objective.",
        "Écrivez l'objectif qu'ils prouvent : verbe à l'infinitif + qualificatif + cible.",
        "Write the objective they prove: infinitive verb + qualifier + target.",
    ),
    "obj.not_infinitive": FindingText(
        "error",
        "L'objectif ne commence pas par un verbe à l'infinitif.",
        "The objective does not open with a verb.",
        "Formulez une intention : verbe à l'infinitif + qualificatif + cible (« Améliorer l'activation des nouveaux comptes PME »).",
        "State an intent: verb + qualifier + target (“Improve activation of new SMB accounts”).",
    ),
    "obj.is_task": FindingText(
        "error",
        "L'objectif décrit une livraison ou un projet (« {verb} »), pas le changement attendu.",
        "The objective describes a delivery or a project (“{verb}”), not the change it should bring.",
        "Demandez-vous pourquoi on le fait : l'objectif est ce changement pour vos utilisateurs ; le livrable devient une initiative.",
        "Ask why it is done: the objective is that change for your users; the deliverable becomes an initiative.",
    ),
    "obj.is_metric": FindingText(
        "error",
        "L'objectif est un indicateur chiffré : c'est le rôle d'un résultat clé.",
        "The objective is a metric: that is a key result's job.",
        "Gardez le chiffre comme résultat clé et écrivez l'intention qualitative qu'il prouve.",
        "Keep the number as a key result and write the qualitative intent it proves.",
    ),
    "obj.too_vague": FindingText(
        "warning",
        "L'objectif est trop vague : aucun segment, canal ou résultat précis.",
        "The objective is too vague: no segment, channel or specific outcome.",
        "Précisez pour qui ou par quel canal (« les PME du BTP », « via les partenaires »), pour forcer un choix.",
        "Say for whom or through which channel (“mid-market retailers”, “through partners”) to force a choice.",
    ),
    "okr.too_few_krs": FindingText(
        "error",
        "{count} résultat(s) clé(s) pour cet objectif : il en faut 2 à 3 (4 au plus).",
        "{count} key result(s) for this objective: it needs 2 to 3 (4 at most).",
        "Ajoutez des résultats clés qui prouvent l'objectif sous un autre angle (usage, qualité, valeur).",
        "Add key results that prove the objective from another angle (usage, quality, value).",
    ),
    "okr.too_many_krs": FindingText(
        "error",
        "{count} résultats clés pour cet objectif : au-delà de 4, le focus se perd.",
        "{count} key results for this objective: past 4, focus is lost.",
        "Gardez les 2 ou 3 plus probants ; les autres deviennent des indicateurs suivis.",
        "Keep the 2 or 3 most telling ones; track the others as metrics.",
    ),
    "okr.redundant_krs": FindingText(
        "warning",
        "Ce résultat clé mesure la même chose que le résultat clé {other}.",
        "This key result measures the same thing as key result {other}.",
        "Fusionnez-les, ou mesurez un autre aspect de l'objectif.",
        "Merge them, or measure another aspect of the objective.",
    ),
    "draft.too_many_objectives": FindingText(
        "error",
        "{count} objectifs : au-delà de 3 par équipe et par cycle, les priorités se diluent.",
        "{count} objectives: past 3 per team and cycle, priorities get diluted.",
        "Choisissez les 3 objectifs qui comptent le plus ce cycle ; les autres attendront.",
        "Pick the 3 objectives that matter most this cycle; the others can wait.",
    ),
    "draft.mixed_languages": FindingText(
        "warning",
        "Le brouillon mélange le français et l'anglais.",
        "The draft mixes French and English.",
        "Écrivez tous les OKR dans une seule langue.",
        "Write all the OKRs in one language.",
    ),
    "draft.unparseable": FindingText(
        "error",
        "Aucun objectif ni résultat clé reconnu dans ce texte.",
        "No objective or key result found in this text.",
        "Collez un objectif par ligne, suivi de ses résultats clés en liste (« - », « KR1 : »…).",
        "Paste one objective per line, followed by its key results as a list (“- ”, “KR1:”…).",
    ),
}
