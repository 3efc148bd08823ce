using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apixo.Generated.Cli.Surface;

/// <summary>A public type of the generated client, and the declarations of its public and protected members.</summary>
/// <param name="Name">The full name, such as <c>Apixo.Generated.TaskStatusData</c>.</param>
/// <param name="Declaration">Its kind, modifiers, name and bases: <c>public sealed class Apixo.Generated.X : Base, I</c>.</param>
/// <param name="Members">Its members, in a stable order.</param>
internal sealed record SurfaceType(string Name, string Declaration, IReadOnlyList<SurfaceMember> Members);

/// <summary>A public or protected member of a <see cref="SurfaceType"/>.</summary>
/// <param name="Name">The name that overloads share: <c>GetTaskStatusAsync</c>, the type's name for a constructor, <c>operator ==</c>.</param>
/// <param name="Parameters">The parameter types, which tell overloads apart: <c>(string, System.Threading.CancellationToken)</c>; empty for a property or field.</param>
/// <param name="Declaration">As C# declares it, without the containing type: <c>public required string Prompt { get; set; }</c>.</param>
/// <param name="MustBeProvided">Whether existing code must supply it: a <c>required</c> member, or an abstract member of a class (every derived class lacks it).</param>
/// <param name="Unnamed">The declaration without the member's name: two members that differ only in name are one member renamed.</param>
/// <param name="Constant">For a constant (not an enum member): its declaration without the value, which code built against the package copies into itself.</param>
internal sealed record SurfaceMember(string Name, string Parameters, string Declaration, bool MustBeProvided, string Unnamed, string? Constant = null);

/// <summary>The public surface of a compiled client: every type that can be seen from outside, with its members.</summary>
internal static partial class PublicSurface
{
    // Full names without global::, C# keywords for special types, nullable annotations, parameter names and defaults,
    // accessors with init/set, constant values: everything a caller compiles against.
    private static readonly SymbolDisplayFormat TypeName = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat MemberDeclaration = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints | SymbolDisplayGenericsOptions.IncludeVariance,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeConstantValue | SymbolDisplayMemberOptions.IncludeRef
            | SymbolDisplayMemberOptions.IncludeExplicitInterface,
        kindOptions: SymbolDisplayKindOptions.IncludeMemberKeyword,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeExtensionThis,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Every public type declared in <paramref name="compilation"/>'s own sources, by full name.</summary>
    public static IReadOnlyDictionary<string, SurfaceType> Of(Compilation compilation) => Of(compilation.Assembly);

    /// <summary>Every public type of <paramref name="assembly"/> (compiled from source, or read from a built file), by full name.</summary>
    public static IReadOnlyDictionary<string, SurfaceType> Of(IAssemblySymbol assembly)
    {
        var types = new SortedDictionary<string, SurfaceType>(StringComparer.Ordinal);
        Collect(assembly.GlobalNamespace, types);
        return types;
    }

    private static void Collect(INamespaceOrTypeSymbol container, SortedDictionary<string, SurfaceType> types)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    Collect(ns, types);
                    break;
                case INamedTypeSymbol type when type.DeclaredAccessibility == Accessibility.Public:
                    var name = type.ToDisplayString(TypeName);
                    types[name] = new SurfaceType(name, Declare(type), Members(type));
                    Collect(type, types);
                    break;
            }
        }
    }

    private static List<SurfaceMember> Members(INamedTypeSymbol type) =>
        type.GetMembers()
            .Where(member => member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            // Compiler-made members no code can name (a record's <Clone>$), and an enum's implicit constructor.
            .Where(member => !member.Name.StartsWith('<') && !(type.TypeKind == TypeKind.Enum && member is IMethodSymbol))
            .Where(member => member switch
            {
                IMethodSymbol method => method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.UserDefinedOperator
                    or MethodKind.Conversion or MethodKind.Destructor,
                IPropertySymbol or IFieldSymbol or IEventSymbol => true,
                _ => false,
            })
            .Select(member => new SurfaceMember(NameOf(member), ParametersOf(member), DeclarationOf(member), MustBeProvided(member), UnnamedOf(member), ConstantOf(member)))
            .OrderBy(member => member.Name, StringComparer.Ordinal)
            .ThenBy(member => member.Parameters, StringComparer.Ordinal)
            .ToList();

    private static string Declare(INamedTypeSymbol type)
    {
        var modifiers = new List<string> { "public" };
        if (type.IsStatic)
        {
            modifiers.Add("static");
        }
        else if (type.TypeKind == TypeKind.Class && type.IsAbstract)
        {
            modifiers.Add("abstract");
        }
        else if (type.TypeKind == TypeKind.Class && type.IsSealed)
        {
            modifiers.Add("sealed");
        }

        if (type.TypeKind == TypeKind.Struct && type.IsReadOnly)
        {
            modifiers.Add("readonly");
        }

        if (type.IsRefLikeType)
        {
            modifiers.Add("ref");
        }

        var keyword = type.TypeKind switch
        {
            TypeKind.Class => type.IsRecord ? "record" : "class",
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            TypeKind.Enum => "enum",
            TypeKind.Delegate => "delegate",
            _ => type.TypeKind.ToString().ToLowerInvariant(),
        };

        if (type.TypeKind == TypeKind.Delegate && type.DelegateInvokeMethod is { } invoke)
        {
            var parameters = string.Join(", ", invoke.Parameters.Select(parameter => parameter.ToDisplayString(MemberDeclaration)));
            return $"{string.Join(' ', modifiers)} delegate {invoke.ReturnType.ToDisplayString(TypeName)} {type.ToDisplayString(MemberDeclaration)}({parameters})";
        }

        var bases = new List<string>();
        if (type.TypeKind == TypeKind.Enum && type.EnumUnderlyingType is { SpecialType: not SpecialType.System_Int32 } underlying)
        {
            bases.Add(underlying.ToDisplayString(TypeName));
        }
        else if (type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum) } baseType)
        {
            bases.Add(baseType.ToDisplayString(TypeName));
        }

        bases.AddRange(type.Interfaces.Select(face => face.ToDisplayString(TypeName)).Order(StringComparer.Ordinal));
        var declaration = $"{string.Join(' ', modifiers)} {keyword} {type.ToDisplayString(MemberDeclaration)}";
        return bases.Count == 0 ? declaration : $"{declaration} : {string.Join(", ", bases)}";
    }

    private static string NameOf(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => member.ContainingType.Name,
        IMethodSymbol { MethodKind: MethodKind.Destructor } => "~" + member.ContainingType.Name,
        IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } method =>
            method.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat.WithMemberOptions(SymbolDisplayMemberOptions.None)),
        IPropertySymbol { IsIndexer: true } => "this[]",
        _ => member.Name,
    };

    private static string ParametersOf(ISymbol member)
    {
        var parameters = member switch
        {
            IMethodSymbol method => method.Parameters,
            IPropertySymbol { IsIndexer: true } indexer => indexer.Parameters,
            _ => default,
        };
        return parameters.IsDefault ? string.Empty : $"({string.Join(", ", parameters.Select(parameter => RefOf(parameter) + parameter.Type.ToDisplayString(TypeName)))})";
    }

    private static string RefOf(IParameterSymbol parameter) => parameter.RefKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => string.Empty,
    };

    private static string UnnamedOf(ISymbol member) =>
        DeclarationOf(member, string.Concat(member.ToDisplayParts(MemberDeclaration)
            .Where(part => !SymbolEqualityComparer.Default.Equals(part.Symbol, member) || part.Kind is SymbolDisplayPartKind.Keyword or SymbolDisplayPartKind.Punctuation)
            .Select(part => part.ToString())));

    private static string? ConstantOf(ISymbol member) =>
        member is IFieldSymbol { IsConst: true } field && field.ContainingType.TypeKind != TypeKind.Enum
            ? field.ToDisplayString(MemberDeclaration.RemoveMemberOptions(SymbolDisplayMemberOptions.IncludeConstantValue))
            : null;

    private static string DeclarationOf(ISymbol member) => DeclarationOf(member, member.ToDisplayString(MemberDeclaration));

    private static string DeclarationOf(ISymbol member, string declaration)
    {
        // "= default(System.Threading.CancellationToken)" says nothing "= default" does not.
        declaration = DefaultOfType().Replace(declaration, "= default");

        // Roslyn's display has no 'required'; a member becoming required is a change every object initializer feels.
        var required = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
        var accessibility = member.DeclaredAccessibility == Accessibility.ProtectedOrInternal ? "protected internal " : SyntaxFacts.GetText(member.DeclaredAccessibility) + " ";
        if (required && !declaration.Contains(" required ", StringComparison.Ordinal) && declaration.StartsWith(accessibility, StringComparison.Ordinal))
        {
            declaration = accessibility + "required " + declaration[accessibility.Length..];
        }

        return declaration;
    }

    // A member added to an interface is not counted: IApixoApi is Refit's to implement, and a new operation is additive
    // (README, the rule table); a hand-written implementation of it (a test double) would have to add the method.
    private static bool MustBeProvided(ISymbol member) =>
        member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }
        || (member.IsAbstract && member.ContainingType.TypeKind == TypeKind.Class);

    [GeneratedRegex(@"= default\([^()]*\)")]
    private static partial Regex DefaultOfType();
}
