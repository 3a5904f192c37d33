"""Admin widgets that name a protocol or instrument version with its work, not just "v2"."""

from django import forms


def describe_version(version):
    """ "Protocolo CEM-EESS — v2 (R.M. N.° 001-2024-MIMP)": enough to pick the right one."""
    text = f"{version.page.title} — {version.label}"
    instrument = getattr(version, "approving_instrument", "")
    return f"{text} ({instrument})" if instrument else text


class VersionLabelsMixin:
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        instance = getattr(value, "instance", None)
        if instance is not None:
            label = describe_version(instance)
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class VersionSelect(VersionLabelsMixin, forms.Select):
    """Choose one version."""


class VersionCheckboxes(VersionLabelsMixin, forms.CheckboxSelectMultiple):
    """Choose several versions."""
