"""The brief's catalogues: stable slugs with translated labels."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Trigger(models.TextChoices):
    STRETCHING = "stretching", _("Stretching")
    RUNNING = "running", _("Running")
    DEHYDRATION = "dehydration", _("Too little fluid, heavy sweating")
    CAFFEINE = "caffeine", _("Caffeine")
    ALCOHOL = "alcohol", _("Alcohol")
    STRESS = "stress", _("Stress or anxiety")
    OVEREXERTION = "overexertion", _("Hard or unusual training, heavy work")
    NO_WARMUP = "no_warmup", _("No warm-up")
    PROLONGED_SITTING = "prolonged_sitting", _("Long sitting (desk, car)")
    POOR_POSTURE = "poor_posture", _("Poor posture")
    LIFTING = "lifting", _("Lifting, twisting, a strain")
    FOOTWEAR = "footwear", _("Unsuitable shoes")
    POOR_SLEEP = "poor_sleep", _("Poor sleep")
    LOW_MINERALS = "low_minerals", _("Poor diet, electrolyte loss")
    MEDICATION = "medication", _("New or changed medicine")
    HORMONAL = "hormonal", _("Hormonal (cycle, menopause, thyroid)")
    ILLNESS = "illness", _("Illness (flu, infection)")


class Location(models.TextChoices):
    NECK = "neck", _("Neck")
    UPPER_BACK = "upper_back", _("Upper back")
    MID_BACK = "mid_back", _("Mid back")
    LOWER_BACK = "lower_back", _("Lower back")
    HIP_BUTTOCK = "hip_buttock", _("Hip or buttock")
    LEG = "leg", _("Leg")
    OTHER = "other", pgettext_lazy("location", "Other")


# Locations that count as "neck or back" for the see-a-doctor rules.
NECK_OR_BACK = {Location.NECK, Location.UPPER_BACK, Location.MID_BACK, Location.LOWER_BACK}


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both sides")
    CENTRE = "centre", _("Centre")


class Kind(models.TextChoices):
    SPASM = "spasm", _("Spasm")
    CRAMP = "cramp", _("Cramp")
    STABBING = "stabbing", _("Sharp, stabbing")
    DULL_ACHE = "dull_ache", _("Dull ache")
    STIFFNESS = "stiffness", _("Stiffness")
    RADIATING = "radiating", _("Spreads into hips or legs")


class Context(models.TextChoices):
    DURING_EXERCISE = "during_exercise", _("During exercise")
    AFTER_EXERCISE = "after_exercise", _("After exercise")
    AT_REST = "at_rest", _("At rest")
    AT_NIGHT = "at_night", _("At night (woke me)")
    AT_WORK = "at_work", _("At work (sitting or standing)")
    LIFTING_OR_MOVING = "lifting_or_moving", _("Lifting or moving")


EXERCISE_RELATED = {Context.DURING_EXERCISE, Context.AFTER_EXERCISE}


class Relief(models.TextChoices):
    HEAT = "heat", _("Heat")
    COLD = "cold", _("Cold")
    STRETCH = "stretch", _("Stretching")
    MASSAGE = "massage", _("Massage")
    WALKING = "walking", _("Walking")
    REST = "rest", _("Rest")
    FLUIDS = "fluids", _("Fluids (water, electrolytes)")
    BREATHING = "breathing", _("Breathing, relaxation")
    EXERCISES = "exercises", _("Exercises (bridge, cat-cow)")
    PARACETAMOL = "paracetamol", _("Paracetamol")
    NSAID = "nsaid", _("Ibuprofen or similar (NSAID)")
    NSAID_GEL = "nsaid_gel", _("Pain-relief gel or plaster")
    MUSCLE_RELAXANT = "muscle_relaxant", _("Muscle relaxant (prescribed)")
    OTHER = "other", pgettext_lazy("relief", "Other")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Helped")
    PARTLY = "partly", _("Partly")
    NO_HELP = "no_help", _("Did not help")


class RedFlag(models.TextChoices):
    CHEST_PAIN_BREATHLESS = "chest_pain_breathless", _("Chest pain or breathlessness")
    BOTH_LEGS = "both_legs", _("Pain, tingling, weakness or numbness in both legs")
    SADDLE_NUMBNESS = "saddle_numbness", _("Numbness around the genitals, buttocks or inner thighs")
    BLADDER_BOWEL = "bladder_bowel", _("New trouble controlling or passing urine or stools")
    DARK_URINE = "dark_urine", _("Dark (brown or red) urine")
    LEG_WEAKNESS = "leg_weakness", _("Weakness in a leg or foot")
    FEVER_UNWELL = "fever_unwell", _("Fever or feeling very unwell")
    SERIOUS_ACCIDENT = "serious_accident", _("Started after a serious accident (a car crash, a fall from a height)")
    AFTER_FALL_OR_INJURY = "after_fall_or_injury", _("Started after a minor fall or strain")
    NIGHT_PAIN = "night_pain", _("Pain not eased by rest, worse at night")
    WEIGHT_LOSS = "weight_loss", _("Unexplained weight loss")
    # The NHS back pain page's other "urgent GP appointment or 111" signs.
    BACK_LUMP = "back_lump", _("A lump or swelling in the back, or the back has changed shape")
    WORSE_COUGHING = "worse_coughing", _("Pain worse when sneezing, coughing or pooing")
    BETWEEN_SHOULDERS = "between_shoulders", _("Pain high in the back, between the shoulders")
    NUMBNESS_TINGLING = "numbness_tingling", _("Numbness or tingling")
    CANNOT_MOVE = "cannot_move", _("Pain so bad I cannot move")


class Activity(models.TextChoices):
    STRETCHING = "stretching", _("Stretching")
    RUNNING = "running", _("Running")
    WALKING = "walking", _("Walking")
    GYM = "gym", _("Gym")
    CYCLING = "cycling", _("Cycling")
    SWIMMING = "swimming", _("Swimming")
    OTHER = "other", pgettext_lazy("activity", "Other")


class MedicineKind(models.TextChoices):
    STATIN = "statin", _("Statin (cholesterol)")
    DIURETIC = "diuretic", _("Diuretic (water tablet)")
    PAIN_RELIEF = "pain_relief", _("Pain relief")
    MUSCLE_RELAXANT = "muscle_relaxant", _("Muscle relaxant")
    OTHER = "other", pgettext_lazy("medicine", "Other")
