"""Admin for documents and the library; index numbers and search rows are read-only."""

from django.contrib import admin

from .models import Article, Attachment, Document, Interpretation, LibraryEntry


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


class InterpretationInline(admin.StackedInline):
    model = Interpretation
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "index_number",
        "title",
        "issuer",
        "genre",
        "status",
        "published_on",
    ]
    list_filter = ["status", "genre", "validity", "disclosure_mode"]
    search_fields = ["index_number", "title", "doc_number"]
    readonly_fields = ["index_number", "index_year", "index_serial", "status", "published_at",
                       "withdrawn_at", "withdraw_reason"]  # fmt: skip
    inlines = [AttachmentInline, InterpretationInline]

    def has_delete_permission(self, request, obj=None):
        # An index number is never reused: documents are withdrawn, not deleted.
        return False


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["seq", "number", "anchor", "chapter"]
    readonly_fields = fields
    show_change_link = True


@admin.register(LibraryEntry)
class LibraryEntryAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "level",
        "issuer_name",
        "validity",
        "published_on",
        "effective_on",
    ]
    list_filter = ["validity", "level"]
    search_fields = ["title", "doc_number"]
    raw_id_fields = ["supersedes", "repealed_by", "document", "issuer", "tenant"]
    inlines = [ArticleInline]
