"""The caseworker's registration of a barnevern case: the child and the people with parental responsibility."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models.child_welfare import ChildWelfareCase, Guardian


class ChildWelfareCaseForm(forms.ModelForm):
    class Meta:
        model = ChildWelfareCase
        fields = ["child_first_name", "child_last_name", "child_birth_date", "child_address", "child_postcode", "child_post_town",
                  "child_address_confidential", "background"]
        widgets = {"child_birth_date": forms.DateInput(attrs={"type": "date"}), "background": forms.Textarea(attrs={"rows": 3})}

    def clean_child_birth_date(self):
        born = self.cleaned_data["child_birth_date"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."))
        return born


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["name", "relation", "has_parental_responsibility", "email", "address", "postcode", "post_town", "address_confidential"]


GuardianFormSet = forms.formset_factory(GuardianForm, extra=1, min_num=1, validate_min=True, max_num=4)
