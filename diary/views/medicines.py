"""The user's medicines with start dates: used by the statin/diuretic rule and the GP summary."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import EARLIEST_DIARY_DATE, Medicine


class MedicineForm(forms.ModelForm):
    class Meta:
        model = Medicine
        fields = ["name", "kind", "started_on", "stopped_on", "notes"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stopped_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "started_on": gettext_lazy("When you started or last changed the dose; leave empty if you do not know."),
        }

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        started, stopped = cleaned.get("started_on"), cleaned.get("stopped_on")
        if started and started > today:
            self.add_error("started_on", _("The start date cannot be in the future."))
        # As every other date in the diary; the rules look weeks before a start, which year 1 has not.
        for name in ("started_on", "stopped_on"):
            day = cleaned.get(name)
            if day and day < EARLIEST_DIARY_DATE:
                self.add_error(name, _("Enter a date after 1900."))
        if stopped and stopped > today:
            self.add_error("stopped_on", _("The stop date cannot be in the future."))
        if started and stopped and stopped < started:
            self.add_error("stopped_on", _("The stop date is before the start date."))
        return cleaned


@login_required
def medicine_list(request):
    medicines = Medicine.objects.filter(owner=request.user)
    if request.method == "POST":
        form = MedicineForm(request.POST)
        if form.is_valid():
            medicine = form.save(commit=False)
            medicine.owner = request.user
            medicine.save()
            messages.success(request, _("Medicine added."))
            return redirect("diary:medicines")
    else:
        form = MedicineForm()
    return render(request, "diary/medicines.html", {"medicines": medicines, "form": form})


@login_required
def medicine_edit(request, medicine_id):
    medicine = get_object_or_404(Medicine, pk=medicine_id, owner=request.user)
    if request.method == "POST":
        form = MedicineForm(request.POST, instance=medicine)
        if form.is_valid():
            form.save()
            messages.success(request, _("Medicine saved."))
            return redirect("diary:medicines")
    else:
        form = MedicineForm(instance=medicine)
    return render(request, "diary/medicine_edit.html", {"medicine": medicine, "form": form})


@login_required
def medicine_delete(request, medicine_id):
    # Ownership first, so another user's id is a 404 whatever the method.
    medicine = get_object_or_404(Medicine, pk=medicine_id, owner=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    medicine.delete()
    messages.success(request, _("Medicine removed."))
    return redirect("diary:medicines")
