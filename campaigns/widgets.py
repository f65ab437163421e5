"""Form widgets every app's forms share."""

from django import forms

# The browser's date picker; the value in ISO form, which is what it reads and sends.
# (Fields deep-copy the widgets they are given, so one instance serves them all.)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
