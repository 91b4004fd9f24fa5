"""Public pages of the record's proofs: anchors (存证摘要), signed copies of published
documents, and checking a downloaded signed copy. No login; nothing here writes."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import signing, throttle
from fazhi.core.net import client_address
from fazhi.disclosure import selectors as disclosure
from fazhi.disclosure import signatures
from fazhi.procedures.anchoring import published_anchor, recent_anchors


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Signed copy (JSON file)"),
        help_text=gettext_lazy(
            "The file downloaded with “Download signed copy” on a document's page, at most 2 MB."
        ),
        error_messages={
            "required": gettext_lazy("Choose the signed copy to check."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("Choose the signed copy to check."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > signatures.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; a signed copy is much smaller.")
            )
        return upload


def _grouped(hex_text: str) -> str:
    return " ".join(hex_text[i : i + 4] for i in range(0, len(hex_text), 4))


@require_GET
def anchors(request: HttpRequest) -> HttpResponse:
    """存证摘要: the recent anchors of the record, with the key to check them."""
    return render(
        request,
        "portal/anchors.html",
        {
            "anchors": recent_anchors(30),
            "fingerprint": _grouped(signing.fingerprint()),
            "public_key": signing.public_key_b64(),
        },
    )


@require_GET
def anchor(request: HttpRequest, name: str) -> HttpResponse:
    """One anchor's signed summary (JSON), to keep a copy outside this server."""
    doc = published_anchor(name)
    if doc is None:
        raise Http404(_("There is no such anchor."))
    response = HttpResponse(
        signing.canonical_json(doc), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    """The district's public key (PEM), for checking anchors and signed copies offline."""
    response = HttpResponse(signing.public_key_pem(), content_type="text/plain")
    response["Content-Disposition"] = 'attachment; filename="fazhi-ed25519.pub.pem"'
    return response


@require_GET
def signed_document(request: HttpRequest, index_number: str) -> HttpResponse:
    """The signed copy (JSON) of a published document; none for a withdrawn one."""
    document = disclosure.document_by_index_number(index_number)
    if document is None or not document.is_public:
        raise Http404(_("There is no published document with this index number."))
    name = index_number.replace("/", "_")
    response = HttpResponse(
        signatures.signed_copy_bytes(document),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.signed.json"'
    return response


@require_http_methods(["GET", "POST"])
def verify_publication(request: HttpRequest) -> HttpResponse:
    """Upload a signed copy; the answer is 有效 / 内容被改动 / 签名密钥不符 / 文件格式不对."""
    result = None
    if request.method == "POST":
        if throttle.over_limit(("VERIFICATIONS_PER_ADDRESS", client_address(request))):
            return throttle.refuse(request)
        form = SignedCopyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = signatures.check(upload.read(signatures.MAX_BYTES + 1))
    else:
        form = SignedCopyForm()
    return render(
        request,
        "portal/verify_publication.html",
        {
            "form": form,
            "result": result,
            "fingerprint": _grouped(signing.fingerprint()),
        },
        status=200,
    )
