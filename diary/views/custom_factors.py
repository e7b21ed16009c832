"""The user's own factors: list, add, edit (name, threshold) and remove with their answers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import custom_factors
from ..custom_factor_forms import CustomFactorForm
from ..models import CustomFactor
from ..signals import bump_data_version


def _owned(request, factor_id):
    return get_object_or_404(CustomFactor, pk=factor_id, owner=request.user)


@login_required
def factor_list(request):
    factors = custom_factors.factors_of(request.user)
    at_limit = len(factors) >= CustomFactor.MAX_PER_USER
    if request.method == "POST":
        form = CustomFactorForm(request.POST, owner=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    CustomFactor.objects.create(
                        owner=request.user, label=data["label"], kind=data["kind"], threshold=data["threshold"],
                        position=custom_factors.next_position(request.user),
                    )
            except IntegrityError:  # the same name saved from another tab meanwhile
                form.add_error("label", _("You already have a factor with this name."))
            else:
                bump_data_version(request.user.id)
                messages.success(request, _("“%(label)s” added: it is asked in your daily check-in.") % {"label": data["label"]})
                return redirect("diary:custom-factors")
    else:
        form = CustomFactorForm(owner=request.user)
    return render(request, "diary/custom_factors.html", {
        "factors": factors, "form": form, "at_limit": at_limit,
        "limit_message": custom_factors.limit_message(), "max_factors": CustomFactor.MAX_PER_USER,
    })


@login_required
def factor_edit(request, factor_id):
    factor = _owned(request, factor_id)
    if request.method == "POST":
        form = CustomFactorForm(request.POST, owner=request.user, instance=factor,
                                initial=CustomFactorForm.initial_for(factor))
        if form.is_valid():
            factor.label = form.cleaned_data["label"]
            factor.threshold = form.cleaned_data["threshold"] if factor.kind == CustomFactor.Kind.NUMBER else None
            try:
                with transaction.atomic():
                    factor.save(update_fields=["label", "threshold"])
            except IntegrityError:
                form.add_error("label", _("You already have a factor with this name."))
            else:
                bump_data_version(request.user.id)
                messages.success(request, _("“%(label)s” saved.") % {"label": factor.label})
                return redirect("diary:custom-factors")
    else:
        form = CustomFactorForm(owner=request.user, instance=factor, initial=CustomFactorForm.initial_for(factor))
    return render(request, "diary/custom_factor_edit.html", {"factor": factor, "form": form})


@login_required
def factor_delete(request, factor_id):
    factor = _owned(request, factor_id)
    if request.method == "POST":
        label = factor.label
        factor.delete()
        bump_data_version(request.user.id)
        messages.success(request, _("“%(label)s” and its answers were removed.") % {"label": label})
        return redirect("diary:custom-factors")
    return render(request, "diary/custom_factor_delete.html", {"factor": factor, "answers": factor.values.count()})
